// Conversions used by the exports: handles, status codes, static text.

import CGalley
import Galley

/// A segmenter and the details of its last error (sqlite3_errmsg style).
final class SegmenterHandle {
    let segmenter: Segmenter
    /// NUL-terminated message of the last failure; nil after a success.
    private(set) var message: UnsafeMutablePointer<CChar>? = nil
    /// Byte offset of the first bad byte after INVALID_UTF8, else nil (SIZE_MAX).
    private(set) var errorOffset: Int? = nil

    init(_ segmenter: Segmenter) { self.segmenter = segmenter }

    deinit { message?.deallocate() }

    func succeed() {
        message?.deallocate()
        message = nil
        errorOffset = nil
    }

    func fail(_ error: GalleyError) {
        succeed()
        if case .invalidUTF8(let offset) = error { errorOffset = offset }
        let text = error.description
        let utf8 = Array(text.utf8)
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count + 1)
        for (i, byte) in utf8.enumerated() { buffer[i] = CChar(bitPattern: byte) }
        buffer[utf8.count] = 0
        message = buffer
    }
}

/// The spans of one call, in the C layout.
final class SpansBox {
    let storage: UnsafeMutablePointer<galley_span>
    let count: Int

    init(_ segments: [Segment]) {
        count = segments.count
        storage = UnsafeMutablePointer<galley_span>.allocate(capacity: max(count, 1))
        for (i, s) in segments.enumerated() {
            (storage + i).initialize(to: galley_span(
                start: s.range.lowerBound, end: s.range.upperBound,
                kind: galley_word_kind(s.kind.rawValue), reserved: 0))
        }
    }

    deinit { storage.deallocate() }
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

/// A view of C text: nil when the pointer is NULL with a non-zero length,
/// or the length exceeds what any object can have (SSIZE_MAX).
func textBuffer(_ utf8: UnsafePointer<CChar>?, _ len: UInt) -> UnsafeBufferPointer<UInt8>? {
    if len == 0 { return UnsafeBufferPointer(start: nil, count: 0) }
    guard let utf8, len <= UInt(Int.max) else { return nil }
    return UnsafeBufferPointer(start: UnsafeRawPointer(utf8).assumingMemoryBound(to: UInt8.self),
                               count: Int(len))
}

@inline(__always)
func status(_ code: Int) -> galley_status { galley_status(code) }
@inline(__always)
func status<T: BinaryInteger>(_ code: T) -> galley_status { galley_status(code) }

func statusCode(for error: GalleyError) -> galley_status {
    switch error {
    case .invalidArgument: return status(GALLEY_STATUS_INVALID_ARGUMENT)
    case .invalidUTF8: return status(GALLEY_STATUS_INVALID_UTF8)
    case .outOfMemory: return status(GALLEY_STATUS_OUT_OF_MEMORY)
    case .tooLarge: return status(GALLEY_STATUS_TOO_LARGE)
    case .icu: return status(GALLEY_STATUS_ICU_ERROR)
    }
}

/// A pointer to NUL-terminated static text (string literals are emitted
/// with a terminating NUL).
@inline(__always)
func staticText(_ s: StaticString) -> UnsafePointer<CChar> {
    UnsafeRawPointer(s.utf8Start).assumingMemoryBound(to: CChar.self)
}
