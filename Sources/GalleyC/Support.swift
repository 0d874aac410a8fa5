// Conversions used by the exports: handles, status codes, static text.

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

/// Reads an Arrow-style offsets array: `count + 1` non-decreasing size_t
/// entries, read as Ints. NULL with a count of 0 is empty; nil when NULL
/// with a count, when an entry is past Int.max, or when they decrease. (No
/// caller has more items than the address space has bytes: a larger count,
/// SIZE_MAX say, is a bad argument, not a reason to trap.)
func offsetsArray(_ p: UnsafePointer<UInt>?, _ count: Int) -> UnsafeBufferPointer<Int>? {
    guard count >= 0 && count < Int.max / 16 else { return nil }
    guard let p else { return count == 0 ? UnsafeBufferPointer(start: nil, count: 0) : nil }
    // size_t and Int have the same size and representation here.
    let b = UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: Int.self), count: count + 1)
    for i in 0..<count where b[i] > b[i + 1] || b[i] < 0 { return nil }
    guard b[count] >= 0 else { return nil }
    return b
}

func offsetsArray(_ p: UnsafePointer<UInt>?, _ count: UInt) -> UnsafeBufferPointer<Int>? {
    offsetsArray(p, Int(clamping: count))
}

func statusCode(for error: GalleyError) -> galley_status {
    switch error {
    case .invalidArgument: return status(GALLEY_STATUS_INVALID_ARGUMENT)
    case .invalidUTF8: return status(GALLEY_STATUS_INVALID_UTF8)
    case .outOfMemory: return status(GALLEY_STATUS_OUT_OF_MEMORY)
    case .tooLarge: return status(GALLEY_STATUS_TOO_LARGE)
    case .icu: return status(GALLEY_STATUS_ICU_ERROR)
    case .storage(let kind, _, _):
        switch kind {
        case .io: return status(GALLEY_STATUS_STORAGE)
        case .corrupt: return status(GALLEY_STATUS_CORRUPT)
        case .notAnIndex: return status(GALLEY_STATUS_NOT_AN_INDEX)
        case .busy: return status(GALLEY_STATUS_BUSY)
        case .readOnly: return status(GALLEY_STATUS_READONLY)
        case .full: return status(GALLEY_STATUS_FULL)
        }
    }
}

/// `s`'s UTF-8 bytes, every one of them (NUL bytes are ordinary text), in a
/// malloc'd buffer with one NUL after them for C callers that want a
/// terminator, and the byte count; nil when memory ran out. The one way the
/// exports copy text out: never strdup, which stops at the first NUL while
/// the length the caller is given counts past it.
func mallocCopy(_ s: String) -> (UnsafeMutablePointer<CChar>, Int)? {
    var copy = s
    return copy.withUTF8 { buf in
        guard let p = malloc(buf.count + 1)?.assumingMemoryBound(to: CChar.self) else { return nil }
        if let base = buf.baseAddress { memcpy(p, base, buf.count) }
        p[buf.count] = 0
        return (p, buf.count)
    }
}

/// A pointer to NUL-terminated static text (string literals are emitted
/// with a terminating NUL).
@inline(__always)
func staticText(_ s: StaticString) -> UnsafePointer<CChar> {
    UnsafeRawPointer(s.utf8Start).assumingMemoryBound(to: CChar.self)
}

/// The body of every `galley_*_options_init`: writes the defaults into the
/// first `size` bytes of the caller's struct (never past what the caller's
/// header declared; nothing when `size` is below the first version's), then
/// stores `size` in the struct's leading `size` field.
func initializeOptions<T>(_ options: UnsafeMutablePointer<T>?, size: UInt, firstVersionSize: Int,
                          defaults: T) {
    guard let options, size >= UInt(firstVersionSize) else { return }
    var defaults = defaults
    let count = Int(min(size, UInt(MemoryLayout<T>.size)))
    withUnsafeBytes(of: &defaults) { src in
        UnsafeMutableRawPointer(options).copyMemory(from: src.baseAddress!, byteCount: count)
    }
    // Every options struct starts with `size_t size`.
    UnsafeMutableRawPointer(options).storeBytes(of: Int(bitPattern: size), as: Int.self)
}
