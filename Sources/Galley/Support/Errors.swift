/// An error from Galley. Every public function that can fail throws this,
/// and the C interface maps each case to one `galley_status` code.
///
/// ```swift
/// do {
///     _ = try Segmenter(.sentence, language: "en").segments(utf8: bytes)
/// } catch .invalidUTF8(let offset) {
///     print("bad byte at \(offset)")
/// }
/// ```
public enum GalleyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An argument is out of its domain (a malformed language tag, say).
    case invalidArgument(String)
    /// The input is not valid UTF-8; `offset` is the byte offset of the
    /// first byte of the first ill-formed sequence.
    case invalidUTF8(offset: Int)
    /// Memory could not be allocated.
    case outOfMemory
    /// The input is longer than one call can take (`limit` bytes).
    case tooLarge(length: Int, limit: Int)
    /// ICU reported an error: its code and name, and what Galley was doing.
    case icu(code: Int32, name: String, context: String)
    /// The index's file could not be used: what went wrong, the file (nil
    /// for an in-memory index) and a message that names it.
    case storage(StorageFailure, path: String?, message: String)

    public var description: String {
        switch self {
        case .invalidArgument(let message):
            return "invalid argument: \(message)"
        case .invalidUTF8(let offset):
            return "invalid UTF-8 at byte offset \(offset)"
        case .outOfMemory:
            return "out of memory"
        case .tooLarge(let length, let limit):
            return "input of \(length) bytes is larger than the limit of \(limit) bytes per call"
        case .icu(let code, let name, let context):
            return "ICU error \(name) (\(code)) while \(context)"
        case .storage(_, _, let message):
            return message
        }
    }
}

/// What kept an index file from being used (``GalleyError/storage(_:path:message:)``).
/// Each maps to its own C status code and Python exception.
///
/// ```swift
/// do { _ = try DedupIndex(path: "corpus.galley") }
/// catch .storage(.busy, let path?, _) { print("\(path) is open elsewhere") }
/// ```
public enum StorageFailure: Int, Sendable, Hashable, CaseIterable {
    /// Any other failure to read or write the file (an I/O error, a missing
    /// folder, no permission to create it).
    case io
    /// The file is damaged or cut short: SQLite says it is malformed, its
    /// size is not whole pages, or a row does not decode.
    case corrupt
    /// The file is not a Galley index: not SQLite, another application's
    /// SQLite database, or a schema this Galley cannot read.
    case notAnIndex
    /// Another connection (in this process or another) holds the file.
    case busy
    /// The file, or its folder, cannot be written.
    case readOnly
    /// The disk (or the file's size limit) is full; the batch in flight
    /// was rolled back and nothing committed is lost.
    case full
}
