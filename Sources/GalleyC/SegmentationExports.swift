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
