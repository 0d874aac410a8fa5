// The normalization part of the C ABI (include/galley.h, "Normalization").
// Conversion and argument checks only; the work is Galley.normalize.

import CGalley
@_spi(CInterface) import Galley

/// A galley_normalized is a retained NormalizedUTF8: its buffer holds the
/// NUL-terminated text that galley_normalized_text() lends out.
@inline(__always)
func normalizedResult(_ handle: OpaquePointer) -> NormalizedUTF8 {
    borrowHandle(handle, as: NormalizedUTF8.self)!
}

/// The size of the first version of galley_normalize_options (0.1).
let normalizeOptionsV1Size = MemoryLayout<galley_normalize_options>.size

func defaultNormalizeOptions() -> galley_normalize_options {
    galley_normalize_options(
        size: MemoryLayout<galley_normalize_options>.size,
        form: galley_normalization_form(GALLEY_NORMALIZE_NFC),
        flags: 0,
        offsets: galley_offset_unit(GALLEY_OFFSETS_UTF8),
        reserved: 0)
}

/// The Swift options for C options, or nil when a field is out of range.
func normalizationOptions(_ o: galley_normalize_options) -> NormalizationOptions? {
    guard o.size == MemoryLayout<galley_normalize_options>.size, o.reserved == 0 else { return nil }
    let known = Int32(GALLEY_NORMALIZE_FOLD_QUOTES | GALLEY_NORMALIZE_FOLD_DASHES
                      | GALLEY_NORMALIZE_KEEP_SPACE_RUNS)
    guard o.flags & ~known == 0 else { return nil }
    let form: NormalizationOptions.Form
    switch o.form {
    case galley_normalization_form(GALLEY_NORMALIZE_NFC): form = .nfc
    case galley_normalization_form(GALLEY_NORMALIZE_NFKC): form = .nfkc
    default: return nil
    }
    let unit: OffsetUnit
    switch o.offsets {
    case galley_offset_unit(GALLEY_OFFSETS_UTF8): unit = .utf8
    case galley_offset_unit(GALLEY_OFFSETS_CODEPOINTS): unit = .unicodeScalars
    default: return nil
    }
    return NormalizationOptions(
        form: form,
        foldQuotes: o.flags & Int32(GALLEY_NORMALIZE_FOLD_QUOTES) != 0,
        foldDashes: o.flags & Int32(GALLEY_NORMALIZE_FOLD_DASHES) != 0,
        collapseSpaces: o.flags & Int32(GALLEY_NORMALIZE_KEEP_SPACE_RUNS) == 0,
        offsetUnit: unit)
}

@c public func galley_normalize_options_init(_ options: UnsafeMutablePointer<galley_normalize_options>?,
                                             _ size: UInt) {
    initializeOptions(options, size: size, firstVersionSize: normalizeOptionsV1Size,
                      defaults: defaultNormalizeOptions())
}

@c public func galley_normalize(_ options: UnsafePointer<galley_normalize_options>?,
                                _ utf8: UnsafePointer<CChar>?, _ len: UInt,
                                _ out: UnsafeMutablePointer<OpaquePointer?>?,
                                _ errorOffset: UnsafeMutablePointer<UInt>?) -> galley_status {
    errorOffset?.pointee = UInt.max   // SIZE_MAX
    guard let out else { return invalidArgument("out is NULL") }
    out.pointee = nil
    guard let o = normalizationOptions(options?.pointee ?? defaultNormalizeOptions()) else {
        return invalidArgument("bad options: unknown size, form, flag or offset unit, or a non-zero reserved field")
    }
    guard let bytes = textBuffer(utf8, len) else { return invalidArgument("NULL text with a length of \(len) bytes") }
    let result: NormalizedUTF8
    do {
        result = try normalizeUTF8(bytes, options: o)
    } catch {
        if case .invalidUTF8(let offset) = error { errorOffset?.pointee = UInt(offset) }
        return fail(error)
    }
    out.pointee = retainHandle(result)
    return ok()
}

@c public func galley_normalized_text(_ normalized: OpaquePointer?,
                                      _ len: UnsafeMutablePointer<UInt>?) -> UnsafePointer<CChar>? {
    guard let normalized else {
        len?.pointee = 0
        return nil
    }
    let r = normalizedResult(normalized)
    len?.pointee = UInt(r.utf8Count)
    return UnsafeRawPointer(r.utf8Start).assumingMemoryBound(to: CChar.self)
}

@c public func galley_normalized_original_offset(_ normalized: OpaquePointer?, _ offset: UInt) -> UInt {
    guard let normalized else { return UInt.max }
    let r = normalizedResult(normalized)
    guard offset <= UInt(r.count) else { return UInt.max }
    return UInt(r.originalOffset(Int(offset)))
}

@c public func galley_normalized_original_end(_ normalized: OpaquePointer?, _ offset: UInt) -> UInt {
    guard let normalized else { return UInt.max }
    let r = normalizedResult(normalized)
    guard offset <= UInt(r.count) else { return UInt.max }
    return UInt(r.originalEndOffset(Int(offset)))
}

@c public func galley_normalized_map_offsets(_ normalized: OpaquePointer?,
                                             _ offsets: UnsafeMutablePointer<UInt>?,
                                             _ count: UInt) -> galley_status {
    guard let normalized else { return invalidArgument("normalized is NULL") }
    guard count == 0 || offsets != nil, count <= UInt(Int.max) else {
        return invalidArgument("NULL offsets with a count of \(count)")
    }
    guard let offsets else { return ok() }
    let r = normalizedResult(normalized)
    let buffer = UnsafeMutableBufferPointer(start: offsets, count: Int(count))
    let limit = UInt(r.count)
    if let bad = buffer.firstIndex(where: { $0 > limit }) {
        return fail(.invalidArgument("offset \(bad) (\(buffer[bad])) is past the end of the text (\(limit))"), item: bad)
    }
    for i in buffer.indices { buffer[i] = UInt(r.originalOffset(Int(buffer[i]))) }
    return ok()
}

@c public func galley_normalized_map_spans(_ normalized: OpaquePointer?,
                                           _ spans: UnsafeMutablePointer<galley_span>?,
                                           _ count: UInt) -> galley_status {
    guard let normalized else { return invalidArgument("normalized is NULL") }
    guard count == 0 || spans != nil, count <= UInt(Int.max) else {
        return invalidArgument("NULL spans with a count of \(count)")
    }
    guard let spans else { return ok() }
    let r = normalizedResult(normalized)
    let buffer = UnsafeMutableBufferPointer(start: spans, count: Int(count))
    let limit = r.count
    if let bad = buffer.firstIndex(where: { !($0.start >= 0 && $0.start <= $0.end && $0.end <= limit) }) {
        return fail(.invalidArgument("span \(bad) starts after its end or ends past the end of the text (\(limit))"),
                    item: bad)
    }
    for i in buffer.indices {
        let mapped = r.originalRange(buffer[i].start..<buffer[i].end)
        buffer[i].start = mapped.lowerBound
        buffer[i].end = mapped.upperBound
    }
    return ok()
}

@c public func galley_normalized_free(_ normalized: OpaquePointer?) {
    releaseHandle(normalized, as: NormalizedUTF8.self)
}
