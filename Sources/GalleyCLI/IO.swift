// Input and output for the CLI: raw bytes (so invalid UTF-8 is reported,
// never silently repaired), folders, JSON Lines.

import FoundationEssentials
import Galley

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

enum Input {
    case stdin
    case file(String)

    var display: String {
        switch self {
        case .stdin: return "<stdin>"
        case .file(let path): return path
        }
    }
}

struct InputError: Error, CustomStringConvertible {
    let description: String
}

/// Files as given; folders expanded to their .txt and .md files in name order.
func expandInputs(_ paths: [String]) throws -> [Input] {
    if paths.isEmpty { return [.stdin] }
    var inputs: [Input] = []
    let fm = FileManager.default
    for path in paths {
        if path == "-" { inputs.append(.stdin); continue }
        var isDirectory = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory {
            let names = try fm.contentsOfDirectory(atPath: path)
                .filter { $0.hasSuffix(".txt") || $0.hasSuffix(".md") }
                .sorted()
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            inputs.append(contentsOf: names.map { .file(base + "/" + $0) })
        } else {
            inputs.append(.file(path))
        }
    }
    return inputs
}

/// Reads a whole input as bytes.
func readAll(_ input: Input) throws -> [UInt8] {
    let fd: Int32
    switch input {
    case .stdin:
        fd = 0
    case .file(let path):
        fd = open(path, O_RDONLY)
        if fd < 0 { throw InputError(description: String(cString: strerror(errno))) }
    }
    defer { if fd != 0 { close(fd) } }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 {
            if errno == EINTR { continue }
            throw InputError(description: String(cString: strerror(errno)))
        }
        if n == 0 { break }
        bytes.append(contentsOf: chunk[0..<n])
    }
    return bytes
}

/// Splits JSON Lines input at LF (a CR before it is dropped); a final line
/// without LF counts, an empty final piece does not.
func jsonLines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    var lines: [ArraySlice<UInt8>] = []
    var start = 0
    for i in bytes.indices where bytes[i] == 0x0A {
        var end = i
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        lines.append(bytes[start..<end])
        start = i + 1
    }
    if start < bytes.count { lines.append(bytes[start...]) }
    return lines
}

struct JSONLine: Decodable {
    let text: String
    let lang: String?
}

enum JSONLineDecoder {
    static let decoder = JSONDecoder()

    /// Decodes one line as `T`; invalid UTF-8 is reported with its offset in
    /// the line, anything else that is not a `T` with `expected`.
    static func decode<T: Decodable>(_ type: T.Type, _ line: ArraySlice<UInt8>, expected: String) throws -> T {
        try line.withUnsafeBufferPointer { buf throws in
            do { try UTF8Validation.validate(buf) } catch {
                throw InputError(description: "\(error) in the line")
            }
        }
        do { return try decoder.decode(T.self, from: Data(line)) } catch {
            throw InputError(description: expected)
        }
    }

    /// Decodes one line; invalid UTF-8 is reported with its offset in the line.
    static func decode(_ line: ArraySlice<UInt8>) throws -> JSONLine {
        try line.withUnsafeBufferPointer { buf throws in
            do {
                try UTF8Validation.validate(buf)
            } catch {
                throw InputError(description: "\(error) in the line")
            }
        }
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
            throw InputError(description: "empty line; expected a JSON object with \"text\"")
        }
        do {
            return try decoder.decode(JSONLine.self, from: Data(line))
        } catch DecodingError.keyNotFound(let key, _) {
            throw InputError(description: "missing \"\(key.stringValue)\"")
        } catch DecodingError.typeMismatch(_, let context) {
            throw InputError(description: "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: ".")); expected {\"text\": string, \"lang\": string}")
        } catch {
            throw InputError(description: "not a JSON object with \"text\"")
        }
    }
}

/// Buffered standard output.
struct OutputBuffer {
    private var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(1 << 16) }

    mutating func write(_ s: String) {
        bytes.append(contentsOf: s.utf8)
        if bytes.count >= 1 << 16 { flush() }
    }

    /// Writes a segment on one line: \ TAB CR LF escaped.
    mutating func writeEscaped(_ s: UnsafeBufferPointer<UInt8>) {
        for b in s {
            switch b {
            case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
            case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
            case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
            case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
            default: bytes.append(b)
            }
        }
        if bytes.count >= 1 << 16 { flush() }
    }

    /// Writes valid UTF-8 as a JSON string literal.
    mutating func writeJSONString(_ s: UnsafeBufferPointer<UInt8>) {
        appendJSONString(s, to: &bytes)
        if bytes.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { writeFD(1, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { if errno == EINTR { continue }; break }
            offset += n
        }
        bytes.removeAll(keepingCapacity: true)
    }
}

enum Diagnostics {
    static func error(_ message: String) {
        let line = Array("galley: \(message)\n".utf8)
        _ = line.withUnsafeBytes { writeFD(2, $0.baseAddress!, $0.count) }
    }
}

/// write(2) under a name that the buffer's own `write` does not shadow.
func writeFD(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    write(fd, p, n)
}
