// Conversions every capability's exports use: C text and offset arrays, status
// codes, malloc'd and static text, options structs. (Handles and the thread's
// last error: Errors.swift.)

import CGalley
import Galley

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A view of C text: nil when the pointer is NULL with a non-zero length,
/// or the length exceeds what any object can have (SSIZE_MAX).
func textBuffer(_ utf8: UnsafePointer<CChar>?, _ len: UInt) -> UnsafeBufferPointer<UInt8>? {
    if len == 0 { return UnsafeBufferPointer(start: nil, count: 0) }
    guard let utf8, len <= UInt(Int.max) else { return nil }
    return UnsafeBufferPointer(start: UnsafeRawPointer(utf8).assumingMemoryBound(to: UInt8.self),
                               count: Int(len))
}


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
    case .invalidArgument: return galley_status(GALLEY_STATUS_INVALID_ARGUMENT)
    case .invalidUTF8: return galley_status(GALLEY_STATUS_INVALID_UTF8)
    case .outOfMemory: return galley_status(GALLEY_STATUS_OUT_OF_MEMORY)
    case .tooLarge: return galley_status(GALLEY_STATUS_TOO_LARGE)
    case .icu: return galley_status(GALLEY_STATUS_ICU_ERROR)
    case .storage(let kind, _, _):
        switch kind {
        case .io: return galley_status(GALLEY_STATUS_STORAGE)
        case .corrupt: return galley_status(GALLEY_STATUS_CORRUPT)
        case .notAnIndex: return galley_status(GALLEY_STATUS_NOT_AN_INDEX)
        case .busy: return galley_status(GALLEY_STATUS_BUSY)
        case .readOnly: return galley_status(GALLEY_STATUS_READONLY)
        case .full: return galley_status(GALLEY_STATUS_FULL)
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
