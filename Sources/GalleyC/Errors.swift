// The C ABI's one error model (include/galley.h, "Errors"): every call
// that returns a galley_status records its outcome as the calling thread's
// last error, which galley_errcode(), galley_errmsg(), galley_error_offset()
// and galley_error_item() read. `ErrorRecord` is the one holder of error
// text in the exports; `ok()` and `fail(...)` are the one way an export
// returns a status. Also here: the one conversion between Swift objects and
// the opaque handles C holds (`retainHandle`, `borrowHandle`, `releaseHandle`).

import CGalley
import Galley

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A status, a NUL-terminated message and where they apply an offset and an
/// item. The thread's last error is one; the deprecated per-handle accessors
/// (galley_segmenter_errmsg, galley_dedup_index_errmsg) read another, kept
/// in step by `fail(..., also:)`.
final class ErrorRecord {
    private(set) var code = galley_status(GALLEY_STATUS_OK)
    /// malloc'd, NUL-terminated; nil after a success ("").
    private var text: UnsafeMutablePointer<CChar>? = nil
    private(set) var offset: Int? = nil
    private(set) var item: Int? = nil

    deinit { free(text) }

    func clear() {
        free(text)
        text = nil
        code = galley_status(GALLEY_STATUS_OK)
        offset = nil
        item = nil
    }

    func set(_ code: galley_status, _ message: String, offset: Int?, item: Int?) {
        clear()
        self.code = code
        self.offset = offset
        self.item = item
        // Out of memory for the message itself: the status still says it.
        text = mallocCopy(message)?.0
    }

    /// The message, "" after a success; borrowed until the next set/clear.
    var message: UnsafePointer<CChar> { text.map { UnsafePointer($0) } ?? staticText("") }
    var cOffset: UInt { offset.map { UInt($0) } ?? UInt.max }
    var cItem: UInt { item.map { UInt($0) } ?? UInt.max }
}

/// The key of the per-thread record; its destructor frees a thread's record
/// when the thread exits.
private let lastErrorKey: pthread_key_t = {
    var key = pthread_key_t()
    let rc = pthread_key_create(&key) { record in
        if let record { Unmanaged<ErrorRecord>.fromOpaque(record).release() }
    }
    precondition(rc == 0, "pthread_key_create failed")
    return key
}()

/// The calling thread's last error (created on first use); nil only when
/// memory ran out.
func threadError() -> ErrorRecord? {
    if let p = pthread_getspecific(lastErrorKey) {
        return Unmanaged<ErrorRecord>.fromOpaque(p).takeUnretainedValue()
    }
    let record = ErrorRecord()
    let p = Unmanaged.passRetained(record).toOpaque()
    guard pthread_setspecific(lastErrorKey, p) == 0 else {
        Unmanaged<ErrorRecord>.fromOpaque(p).release()
        return nil
    }
    return record
}

/// A successful call: clears the thread's last error (and `also`, a
/// handle's record) and returns GALLEY_STATUS_OK.
@inline(__always)
func ok(also handle: ErrorRecord? = nil) -> galley_status {
    if let p = pthread_getspecific(lastErrorKey) {
        let record = Unmanaged<ErrorRecord>.fromOpaque(p).takeUnretainedValue()
        if record.code != galley_status(GALLEY_STATUS_OK) { record.clear() }
    }
    handle?.clear()
    return galley_status(GALLEY_STATUS_OK)
}

/// A failed call: records `error` (its status, its description or
/// `message`, the bad byte's offset for invalid UTF-8 unless `offset` says
/// otherwise, and `item`) as the thread's last error and in `also`, and
/// returns its status.
func fail(_ error: GalleyError, message: String? = nil, offset: Int? = nil, item: Int? = nil,
          also handle: ErrorRecord? = nil) -> galley_status {
    let code = statusCode(for: error)
    var where_ = offset
    if where_ == nil, case .invalidUTF8(let off) = error { where_ = off }
    let text = message ?? error.description
    threadError()?.set(code, text, offset: where_, item: item)
    handle?.set(code, text, offset: where_, item: item)
    return code
}

/// A bad argument: GALLEY_STATUS_INVALID_ARGUMENT with `why` as the message.
func invalidArgument(_ why: String, also handle: ErrorRecord? = nil) -> galley_status {
    fail(.invalidArgument(why), also: handle)
}

// MARK: - Reading the thread's last error

@c public func galley_errcode() -> galley_status {
    guard let p = pthread_getspecific(lastErrorKey) else { return galley_status(GALLEY_STATUS_OK) }
    return Unmanaged<ErrorRecord>.fromOpaque(p).takeUnretainedValue().code
}

@c public func galley_errmsg() -> UnsafePointer<CChar>? {
    guard let p = pthread_getspecific(lastErrorKey) else { return staticText("") }
    return Unmanaged<ErrorRecord>.fromOpaque(p).takeUnretainedValue().message
}

@c public func galley_error_offset() -> UInt {
    guard let p = pthread_getspecific(lastErrorKey) else { return UInt.max }
    return Unmanaged<ErrorRecord>.fromOpaque(p).takeUnretainedValue().cOffset
}

@c public func galley_error_item() -> UInt {
    guard let p = pthread_getspecific(lastErrorKey) else { return UInt.max }
    return Unmanaged<ErrorRecord>.fromOpaque(p).takeUnretainedValue().cItem
}

// MARK: - Handles

/// Hands `object` to C as an opaque handle holding one reference, which
/// `releaseHandle` gives back.
@inline(__always)
func retainHandle<T: AnyObject>(_ object: T) -> OpaquePointer {
    OpaquePointer(Unmanaged.passRetained(object).toOpaque())
}

/// The object behind a handle C passes in, nil for NULL. The handle keeps
/// its reference.
@inline(__always)
func borrowHandle<T: AnyObject>(_ handle: OpaquePointer?, as _: T.Type = T.self) -> T? {
    guard let handle else { return nil }
    return Unmanaged<T>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
}

/// Gives back a handle's reference (the `_free` functions); NULL is a no-op.
@inline(__always)
func releaseHandle<T: AnyObject>(_ handle: OpaquePointer?, as _: T.Type) {
    guard let handle else { return }
    Unmanaged<T>.fromOpaque(UnsafeRawPointer(handle)).release()
}
