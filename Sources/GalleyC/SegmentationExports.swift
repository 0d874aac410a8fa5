// Segmentation (include/galley.h, "Segmentation"): conversion only; the
// work is Galley's Segmenter.

import CGalley
import Galley

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A segmenter and its last error, for the deprecated
/// galley_segmenter_errmsg()/galley_segmenter_error_offset() (the thread's
/// last error has the same).
final class SegmenterHandle {
    let segmenter: Segmenter
    let lastError = ErrorRecord()

    init(_ segmenter: Segmenter) { self.segmenter = segmenter }
}

/// A growing array of galley_span. A struct (not a class) so that appends,
/// made once per segment, need no dynamic exclusivity checks; realloc (not
/// Swift arrays) so that large buffers grow by remapping pages instead of
/// copying, and so that running out of memory is reported, not a trap.
struct SpanBuffer {
    private(set) var storage: UnsafeMutablePointer<galley_span>? = nil
    private(set) var count = 0
    private var capacity = 0
    /// False once an allocation failed; later appends are dropped.
    private(set) var complete = true

    /// `expected`: a first guess at the count, to avoid most regrowth.
    init(expected: Int) {
        complete = reserve(Swift.max(expected, 16))
    }

    @inline(__always)
    mutating func append(_ s: Segment) {
        if count == capacity {
            guard complete, reserve(capacity * 2) else { complete = false; return }
        }
        storage.unsafelyUnwrapped[count] = galley_span(
            start: s.range.lowerBound, end: s.range.upperBound,
            kind: galley_word_kind(s.kind.rawValue), reserved: 0)
        count += 1
    }

    private mutating func reserve(_ n: Int) -> Bool {
        let (bytes, overflow) = n.multipliedReportingOverflow(by: MemoryLayout<galley_span>.stride)
        guard n > capacity, !overflow, let grown = realloc(storage, bytes) else { return false }
        storage = grown.assumingMemoryBound(to: galley_span.self)
        capacity = n
        return true
    }

    /// Frees the storage (after a failure).
    mutating func release() {
        free(storage)
        storage = nil
        count = 0
        capacity = 0
    }
}

/// The spans of one call, owned by the galley_spans handle.
final class SpansBox {
    let storage: UnsafeMutablePointer<galley_span>?
    let count: Int

    /// Takes ownership of the buffer's storage.
    init(_ buffer: SpanBuffer) {
        storage = buffer.storage
        count = buffer.count
    }

    deinit { free(storage) }
}

/// The size of the first version of galley_segment_options (0.1).
let segmentOptionsV1Size = MemoryLayout<galley_segment_options>.size

func defaultSegmentOptions() -> galley_segment_options {
    galley_segment_options(
        size: MemoryLayout<galley_segment_options>.size,
        unit: galley_unit(GALLEY_UNIT_SENTENCE),
        flags: 0,
        offsets: galley_offset_unit(GALLEY_OFFSETS_UTF8),
        lang: staticText("en"))
}

// MARK: - Segmentation

@c public func galley_segment_options_init(_ options: UnsafeMutablePointer<galley_segment_options>?,
                                           _ size: UInt) {
    initializeOptions(options, size: size, firstVersionSize: segmentOptionsV1Size,
                      defaults: defaultSegmentOptions())
}

@c public func galley_segmenter_new(_ options: UnsafePointer<galley_segment_options>?,
                                    _ out: UnsafeMutablePointer<OpaquePointer?>?) -> galley_status {
    guard let out else { return invalidArgument("out is NULL") }
    out.pointee = nil
    let o = options?.pointee ?? defaultSegmentOptions()
    guard o.size == MemoryLayout<galley_segment_options>.size else {
        return invalidArgument("options->size \(o.size) is not the size of a galley_segment_options this library knows")
    }
    let unit: SegmentUnit
    switch o.unit {
    case galley_unit(GALLEY_UNIT_GRAPHEME): unit = .grapheme
    case galley_unit(GALLEY_UNIT_WORD): unit = .word
    case galley_unit(GALLEY_UNIT_SENTENCE): unit = .sentence
    case galley_unit(GALLEY_UNIT_PARAGRAPH): unit = .paragraph
    default: return invalidArgument("unknown unit \(o.unit)")
    }
    let knownFlags = Int32(GALLEY_SEGMENT_KEEP_WHITESPACE) | Int32(GALLEY_SEGMENT_RAW)
        | Int32(GALLEY_SEGMENT_NO_REPAIR)
    guard o.flags & ~knownFlags == 0 else { return invalidArgument("unknown flags \(o.flags)") }
    let offsets: OffsetUnit
    switch o.offsets {
    case galley_offset_unit(GALLEY_OFFSETS_UTF8): offsets = .utf8
    case galley_offset_unit(GALLEY_OFFSETS_CODEPOINTS): offsets = .unicodeScalars
    default: return invalidArgument("unknown offset unit \(o.offsets)")
    }
    var language = ""
    if let lang = o.lang {
        guard let tag = String(validatingCString: lang) else { return invalidArgument("lang is not UTF-8") }
        language = tag
    }
    do {
        let segmenter = try Segmenter(unit, language: language,
                                      keepWhitespace: o.flags & Int32(GALLEY_SEGMENT_KEEP_WHITESPACE) != 0,
                                      offsetUnit: offsets,
                                      rules: o.flags & Int32(GALLEY_SEGMENT_RAW) == 0,
                                      repairGlued: o.flags & Int32(GALLEY_SEGMENT_NO_REPAIR) == 0)
        out.pointee = retainHandle(SegmenterHandle(segmenter))
        return ok()
    } catch {
        return fail(error)
    }
}

@c public func galley_segmenter_free(_ segmenter: OpaquePointer?) {
    releaseHandle(segmenter, as: SegmenterHandle.self)
}

@c public func galley_segmenter_split(_ segmenter: OpaquePointer?, _ utf8: UnsafePointer<CChar>?,
                                      _ len: UInt, _ out: UnsafeMutablePointer<OpaquePointer?>?) -> galley_status {
    guard let handle = borrowHandle(segmenter, as: SegmenterHandle.self) else {
        return invalidArgument("segmenter is NULL")
    }
    guard let out else { return invalidArgument("out is NULL", also: handle.lastError) }
    out.pointee = nil
    guard let bytes = textBuffer(utf8, len) else {
        return invalidArgument(utf8 == nil ? "NULL text with a length of \(len) bytes"
                                           : "text length \(len) is larger than the address space",
                               also: handle.lastError)
    }
    // A first guess at the count: about one sentence per 100 bytes of
    // prose, one word (or grapheme) per 6 bytes, one paragraph per 500.
    let divisor: Int
    switch handle.segmenter.unit {
    case .grapheme, .word: divisor = 6
    case .sentence: divisor = 100
    case .paragraph: divisor = 500
    }
    var buffer = SpanBuffer(expected: bytes.count / divisor)
    do throws(GalleyError) {
        try handle.segmenter.forEachSegment(utf8: bytes) { buffer.append($0) }
    } catch {
        buffer.release()
        return fail(error, also: handle.lastError)
    }
    guard buffer.complete else {
        buffer.release()
        return fail(.outOfMemory, also: handle.lastError)
    }
    out.pointee = retainHandle(SpansBox(buffer))
    return ok(also: handle.lastError)
}

@c public func galley_segmenter_errmsg(_ segmenter: OpaquePointer?) -> UnsafePointer<CChar>? {
    borrowHandle(segmenter, as: SegmenterHandle.self)?.lastError.message ?? staticText("")
}

@c public func galley_segmenter_error_offset(_ segmenter: OpaquePointer?) -> UInt {
    borrowHandle(segmenter, as: SegmenterHandle.self)?.lastError.cOffset ?? UInt.max   // SIZE_MAX
}

@c public func galley_spans_count(_ spans: OpaquePointer?) -> UInt {
    UInt(borrowHandle(spans, as: SpansBox.self)?.count ?? 0)
}

@c public func galley_spans_data(_ spans: OpaquePointer?) -> UnsafePointer<galley_span>? {
    guard let box = borrowHandle(spans, as: SpansBox.self) else { return nil }
    return box.count == 0 ? nil : box.storage.map { UnsafePointer($0) }
}

@c public func galley_spans_free(_ spans: OpaquePointer?) {
    releaseHandle(spans, as: SpansBox.self)
}

// MARK: - One call, offsets into the caller's array

@c public func galley_segmenter_split_offsets(_ segmenter: OpaquePointer?, _ utf8: UnsafePointer<CChar>?,
                                              _ len: UInt, _ offsets: UnsafeMutablePointer<UInt>?,
                                              _ capacity: UInt, _ count: UnsafeMutablePointer<UInt>?) -> galley_status {
    guard let handle = borrowHandle(segmenter, as: SegmenterHandle.self) else {
        return invalidArgument("segmenter is NULL")
    }
    guard let count else { return invalidArgument("count is NULL", also: handle.lastError) }
    count.pointee = 0
    guard capacity <= UInt(Int.max / 16) else {
        return invalidArgument("capacity \(capacity) is larger than the address space", also: handle.lastError)
    }
    guard offsets != nil || capacity == 0 else {
        return invalidArgument("offsets is NULL with a capacity of \(capacity)", also: handle.lastError)
    }
    guard let bytes = textBuffer(utf8, len) else {
        return invalidArgument(utf8 == nil ? "NULL text with a length of \(len) bytes"
                                           : "text length \(len) is larger than the address space",
                               also: handle.lastError)
    }
    let cap = Int(capacity)
    var n = 0
    do throws(GalleyError) {
        try handle.segmenter.forEachSegment(utf8: bytes) { s in
            if n < cap {
                offsets.unsafelyUnwrapped[2 * n] = UInt(s.range.lowerBound)
                offsets.unsafelyUnwrapped[2 * n + 1] = UInt(s.range.upperBound)
            }
            n += 1
        }
    } catch {
        return fail(error, also: handle.lastError)
    }
    count.pointee = UInt(n)
    return ok(also: handle.lastError)
}

// MARK: - Many documents at once

/// The result of galley_segment_many: flat arrays, as the header says.
final class SegmentBatchBox {
    let spanStarts: UnsafeMutableBufferPointer<UInt>
    let bounds: UnsafeMutableBufferPointer<UInt>
    let errors: [Int: UnsafeMutablePointer<CChar>]

    init?(_ batch: SegmentBatch) {
        guard let starts = mallocArray(batch.spanStarts), let bounds = mallocArray(batch.bounds) else {
            return nil
        }
        spanStarts = starts
        self.bounds = bounds
        var errors: [Int: UnsafeMutablePointer<CChar>] = [:]
        for (i, e) in batch.failures {
            guard let (text, _) = mallocCopy(e.description) else {
                for (_, v) in errors { free(v) }
                free(starts.baseAddress)
                free(bounds.baseAddress)
                return nil
            }
            errors[i] = text
        }
        self.errors = errors
    }

    deinit {
        free(spanStarts.baseAddress)
        free(bounds.baseAddress)
        for (_, v) in errors { free(v) }
    }
}

/// `values` copied into malloc'd memory as size_t (never NULL, even when empty).
private func mallocArray(_ values: [Int]) -> UnsafeMutableBufferPointer<UInt>? {
    guard let p = malloc(Swift.max(1, values.count) * MemoryLayout<UInt>.stride) else { return nil }
    let b = UnsafeMutableBufferPointer(start: p.assumingMemoryBound(to: UInt.self), count: values.count)
    for (i, v) in values.enumerated() { b[i] = UInt(v) }
    return b
}

@c public func galley_segment_many(_ options: UnsafePointer<galley_segment_options>?,
                                   _ texts: UnsafePointer<CChar>?, _ offsets: UnsafePointer<UInt>?,
                                   _ count: UInt, _ threads: UInt,
                                   _ out: UnsafeMutablePointer<OpaquePointer?>?) -> galley_status {
    guard let out else { return invalidArgument("out is NULL") }
    out.pointee = nil
    guard let docOffsets = offsetsArray(offsets, count) else {
        return invalidArgument("offsets are NULL with a count, too large, or decreasing")
    }
    guard let bytes = textBuffer(texts, UInt(docOffsets.last ?? 0)) else {
        return invalidArgument("NULL texts with a length of \(docOffsets.last ?? 0) bytes")
    }
    // The prototype segmenter checks the options as galley_segmenter_new does.
    var prototype: OpaquePointer? = nil
    let status = galley_segmenter_new(options, &prototype)
    guard status == galley_status(GALLEY_STATUS_OK),
          let handle = borrowHandle(prototype, as: SegmenterHandle.self) else { return status }
    defer { galley_segmenter_free(prototype) }
    let batch = segmentMany(bytes, offsets: docOffsets, like: handle.segmenter,
                            threads: Int(clamping: threads))
    guard let box = SegmentBatchBox(batch) else { return fail(.outOfMemory) }
    out.pointee = retainHandle(box)
    return ok()
}

private func batchBox(_ batch: OpaquePointer?) -> SegmentBatchBox? {
    borrowHandle(batch, as: SegmentBatchBox.self)
}

@c public func galley_segment_batch_count(_ batch: OpaquePointer?) -> UInt {
    guard let box = batchBox(batch) else { return 0 }
    return UInt(box.spanStarts.count - 1)
}

@c public func galley_segment_batch_span_starts(_ batch: OpaquePointer?) -> UnsafePointer<UInt>? {
    guard let box = batchBox(batch) else { return nil }
    return UnsafePointer(box.spanStarts.baseAddress)
}

@c public func galley_segment_batch_offsets(_ batch: OpaquePointer?, _ spans: UnsafeMutablePointer<UInt>?)
    -> UnsafePointer<UInt>? {
    guard let box = batchBox(batch) else {
        spans?.pointee = 0
        return nil
    }
    spans?.pointee = UInt(box.bounds.count / 2)
    return UnsafePointer(box.bounds.baseAddress)
}

@c public func galley_segment_batch_failures(_ batch: OpaquePointer?) -> UInt {
    UInt(batchBox(batch)?.errors.count ?? 0)
}

@c public func galley_segment_batch_error(_ batch: OpaquePointer?, _ i: UInt) -> UnsafePointer<CChar>? {
    guard let box = batchBox(batch), i < UInt(box.spanStarts.count - 1),
          let e = box.errors[Int(i)] else { return nil }
    return UnsafePointer(e)
}

@c public func galley_segment_batch_free(_ batch: OpaquePointer?) {
    releaseHandle(batch, as: SegmentBatchBox.self)
}
