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
        }
    }
}
