// The C ABI of Galley (include/galley.h). This file only converts types,
// validates arguments and maps errors to status codes; the work is done by
// the Galley module. No Swift trap may cross this boundary: every pointer
// and size is checked before it is used.

import CGalley
import Galley

// MARK: - Versions and status names

@c public func galley_version_number() -> UInt32 {
    UInt32(Version.number)
}

@c public func galley_version_string() -> UnsafePointer<CChar>? {
    staticText("0.1.0")
}

@c public func galley_status_name(_ status: galley_status) -> UnsafePointer<CChar>? {
    switch status {
    case galley_status(GALLEY_STATUS_OK): return staticText("GALLEY_STATUS_OK")
    case galley_status(GALLEY_STATUS_INVALID_ARGUMENT): return staticText("GALLEY_STATUS_INVALID_ARGUMENT")
    case galley_status(GALLEY_STATUS_INVALID_UTF8): return staticText("GALLEY_STATUS_INVALID_UTF8")
    case galley_status(GALLEY_STATUS_OUT_OF_MEMORY): return staticText("GALLEY_STATUS_OUT_OF_MEMORY")
    case galley_status(GALLEY_STATUS_ICU_ERROR): return staticText("GALLEY_STATUS_ICU_ERROR")
    case galley_status(GALLEY_STATUS_TOO_LARGE): return staticText("GALLEY_STATUS_TOO_LARGE")
    case galley_status(GALLEY_STATUS_STORAGE): return staticText("GALLEY_STATUS_STORAGE")
    case galley_status(GALLEY_STATUS_CORRUPT): return staticText("GALLEY_STATUS_CORRUPT")
    case galley_status(GALLEY_STATUS_NOT_AN_INDEX): return staticText("GALLEY_STATUS_NOT_AN_INDEX")
    case galley_status(GALLEY_STATUS_BUSY): return staticText("GALLEY_STATUS_BUSY")
    case galley_status(GALLEY_STATUS_READONLY): return staticText("GALLEY_STATUS_READONLY")
    case galley_status(GALLEY_STATUS_FULL): return staticText("GALLEY_STATUS_FULL")
    default: return staticText("GALLEY_STATUS_UNKNOWN")
    }
}

// MARK: - UTF-8

@c public func galley_utf8_validate(_ utf8: UnsafePointer<CChar>?, _ len: UInt,
                                    _ errorOffset: UnsafeMutablePointer<UInt>?) -> galley_status {
    guard let bytes = textBuffer(utf8, len) else { return status(GALLEY_STATUS_INVALID_ARGUMENT) }
    do {
        try UTF8Validation.validate(bytes)
        return status(GALLEY_STATUS_OK)
    } catch {
        if case .invalidUTF8(let offset) = error { errorOffset?.pointee = UInt(offset) }
        return statusCode(for: error)
    }
}

// MARK: - Segmentation

@c public func galley_segment_options_init(_ options: UnsafeMutablePointer<galley_segment_options>?,
                                           _ size: UInt) {
    initializeOptions(options, size: size, firstVersionSize: segmentOptionsV1Size,
                      defaults: defaultSegmentOptions())
}

@c public func galley_segmenter_new(_ options: UnsafePointer<galley_segment_options>?,
                                    _ out: UnsafeMutablePointer<OpaquePointer?>?) -> galley_status {
    guard let out else { return status(GALLEY_STATUS_INVALID_ARGUMENT) }
    out.pointee = nil
    let o = options?.pointee ?? defaultSegmentOptions()
    guard o.size == MemoryLayout<galley_segment_options>.size else {
        return status(GALLEY_STATUS_INVALID_ARGUMENT)
    }
    let unit: SegmentUnit
    switch o.unit {
    case galley_unit(GALLEY_UNIT_GRAPHEME): unit = .grapheme
    case galley_unit(GALLEY_UNIT_WORD): unit = .word
    case galley_unit(GALLEY_UNIT_SENTENCE): unit = .sentence
    case galley_unit(GALLEY_UNIT_PARAGRAPH): unit = .paragraph
    default: return status(GALLEY_STATUS_INVALID_ARGUMENT)
    }
    let knownFlags = Int32(GALLEY_SEGMENT_KEEP_WHITESPACE) | Int32(GALLEY_SEGMENT_RAW)
        | Int32(GALLEY_SEGMENT_NO_REPAIR)
    guard o.flags & ~knownFlags == 0 else {
        return status(GALLEY_STATUS_INVALID_ARGUMENT)
    }
    let offsets: OffsetUnit
    switch o.offsets {
    case galley_offset_unit(GALLEY_OFFSETS_UTF8): offsets = .utf8
    case galley_offset_unit(GALLEY_OFFSETS_CODEPOINTS): offsets = .unicodeScalars
    default: return status(GALLEY_STATUS_INVALID_ARGUMENT)
    }
    var language = ""
    if let lang = o.lang {
        guard let tag = String(validatingCString: lang) else {
            return status(GALLEY_STATUS_INVALID_ARGUMENT)
        }
        language = tag
    }
    do {
        let segmenter = try Segmenter(unit, language: language,
                                      keepWhitespace: o.flags & Int32(GALLEY_SEGMENT_KEEP_WHITESPACE) != 0,
                                      offsetUnit: offsets,
                                      rules: o.flags & Int32(GALLEY_SEGMENT_RAW) == 0,
                                      repairGlued: o.flags & Int32(GALLEY_SEGMENT_NO_REPAIR) == 0)
        out.pointee = OpaquePointer(Unmanaged.passRetained(SegmenterHandle(segmenter)).toOpaque())
        return status(GALLEY_STATUS_OK)
    } catch {
        return statusCode(for: error)
    }
}

@c public func galley_segmenter_free(_ segmenter: OpaquePointer?) {
    guard let segmenter else { return }
    Unmanaged<SegmenterHandle>.fromOpaque(UnsafeRawPointer(segmenter)).release()
}

@c public func galley_segmenter_split(_ segmenter: OpaquePointer?, _ utf8: UnsafePointer<CChar>?,
                                      _ len: UInt, _ out: UnsafeMutablePointer<OpaquePointer?>?) -> galley_status {
    guard let segmenter, let out else { return status(GALLEY_STATUS_INVALID_ARGUMENT) }
    out.pointee = nil
    let handle = Unmanaged<SegmenterHandle>.fromOpaque(UnsafeRawPointer(segmenter)).takeUnretainedValue()
    guard let bytes = textBuffer(utf8, len) else {
        handle.fail(.invalidArgument(utf8 == nil ? "NULL text with a length of \(len) bytes"
                                                 : "text length \(len) is larger than the address space"))
        return status(GALLEY_STATUS_INVALID_ARGUMENT)
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
        handle.fail(error)
        return statusCode(for: error)
    }
    guard buffer.complete else {
        buffer.release()
        handle.fail(.outOfMemory)
        return status(GALLEY_STATUS_OUT_OF_MEMORY)
    }
    handle.succeed()
    out.pointee = OpaquePointer(Unmanaged.passRetained(SpansBox(buffer)).toOpaque())
    return status(GALLEY_STATUS_OK)
}

@c public func galley_segmenter_errmsg(_ segmenter: OpaquePointer?) -> UnsafePointer<CChar>? {
    guard let segmenter else { return staticText("") }
    let handle = Unmanaged<SegmenterHandle>.fromOpaque(UnsafeRawPointer(segmenter)).takeUnretainedValue()
    return handle.message.map { UnsafePointer($0) } ?? staticText("")
}

@c public func galley_segmenter_error_offset(_ segmenter: OpaquePointer?) -> UInt {
    guard let segmenter else { return UInt.max }   // SIZE_MAX
    let handle = Unmanaged<SegmenterHandle>.fromOpaque(UnsafeRawPointer(segmenter)).takeUnretainedValue()
    return handle.errorOffset.map { UInt($0) } ?? UInt.max
}

@c public func galley_spans_count(_ spans: OpaquePointer?) -> UInt {
    guard let spans else { return 0 }
    return UInt(Unmanaged<SpansBox>.fromOpaque(UnsafeRawPointer(spans)).takeUnretainedValue().count)
}

@c public func galley_spans_data(_ spans: OpaquePointer?) -> UnsafePointer<galley_span>? {
    guard let spans else { return nil }
    let box = Unmanaged<SpansBox>.fromOpaque(UnsafeRawPointer(spans)).takeUnretainedValue()
    return box.count == 0 ? nil : box.storage.map { UnsafePointer($0) }
}

@c public func galley_spans_free(_ spans: OpaquePointer?) {
    guard let spans else { return }
    Unmanaged<SpansBox>.fromOpaque(UnsafeRawPointer(spans)).release()
}
