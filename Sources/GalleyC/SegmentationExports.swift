// Segmentation (include/galley.h, "Segmentation"): conversion only; the
// work is Galley's Segmenter.

import CGalley
import Galley

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
