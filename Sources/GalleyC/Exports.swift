// The C ABI of Galley (include/galley.h), one file per capability:
// Exports.swift (versions, status names, UTF-8), Errors.swift (the thread's
// last error, handles), SegmentationExports, NormalizeExports, DedupExports,
// FingerprintExports (experimental), URLExports, RelatedExports,
// ArticleExports; Support.swift holds the shared conversions. These files
// only convert types, validate arguments and map errors to status codes;
// the work is done by the Galley module. No Swift trap may cross this
// boundary: every pointer and size is checked before it is used. Every
// export that returns a galley_status returns through `ok()` or `fail()`
// (Errors.swift), which record the thread's last error.

import CGalley
import Galley

// MARK: - Versions and status names

@c public func galley_version_number() -> UInt32 {
    UInt32(Version.number)
}

@c public func galley_version_string() -> UnsafePointer<CChar>? {
    staticText("0.3.0")  // GALLEY_VERSION_STRING; Tests/version checks it
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
    guard let bytes = textBuffer(utf8, len) else { return invalidArgument("NULL text with a length of \(len) bytes") }
    do {
        try UTF8Validation.validate(bytes)
        return ok()
    } catch {
        if case .invalidUTF8(let offset) = error { errorOffset?.pointee = UInt(offset) }
        return fail(error)
    }
}

