// The CLI's one input layer and one output writer, shared by every command:
//
//   - inputs: files, folders (their .txt and .md files), "-" or nothing for
//     standard input, read as raw bytes (invalid UTF-8 is reported, never
//     silently repaired);
//   - lines: `forEachLine` streams an input in 1 MiB chunks (memory holds a
//     chunk and the longest line, never the whole input), LF-separated, a CR
//     before the LF dropped, blank lines skipped but counted;
//   - JSON Lines: `JSONLinesRunner` decodes every line, hands the record to
//     the command and writes, in input order, either the command's record or
//     the one error record `{"id","source","error"}` (source "FILE:LINE");
//   - output: `RecordWriter`, buffered, to standard output or a file.
//
// Every record is serialized by the core's `JSONWriter` (ArticleJSON.swift).

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

/// Reads a whole input as bytes (plain mode: one input is one text).
func readAll(_ input: Input) throws -> [UInt8] {
    let reader = try LineReader(input)
    return try reader.readToEnd()
}

/// Reads a file (or standard input) in 1 MiB chunks: line by line, or
/// whole. Any bytes pass through (NUL, invalid UTF-8); checking them is the
/// caller's.
final class LineReader {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false

    init(_ input: Input) throws {
        switch input {
        case .stdin:
            fd = 0
        case .file(let path):
            fd = open(path, O_RDONLY)
            if fd < 0 { throw InputError(description: String(cString: strerror(errno))) }
        }
    }

    deinit { if fd != 0 { close(fd) } }

    /// Appends up to 1 MiB; false at the end of the input.
    private func fill() throws -> Bool {
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: 1 << 20))
        var n = 0
        repeat {
            n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + old, 1 << 20) }
        } while n < 0 && errno == EINTR
        if n < 0 {
            buffer.removeLast(1 << 20)
            throw InputError(description: String(cString: strerror(errno)))
        }
        buffer.removeLast((1 << 20) - n)
        return n > 0
    }

    /// The next line without its LF (and a CR before it), or nil at the
    /// end; a last line without LF counts, an empty last piece does not.
    func next() throws -> ArraySlice<UInt8>? {
        while true {
            if let nl = buffer[start...].firstIndex(of: 0x0A) {
                var end = nl
                if end > start && buffer[end - 1] == 0x0D { end -= 1 }
                let line = buffer[start..<end]
                start = nl + 1
                return line
            }
            if eof {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                return line
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            if try !fill() { eof = true }
        }
    }

    /// Everything not read yet.
    func readToEnd() throws -> [UInt8] {
        while !eof { if try !fill() { eof = true } }
        let rest = Array(buffer[start...])
        start = buffer.count
        return rest
    }
}

/// Calls `body` with every non-blank line of every input, in order, and its
/// source "PATH:N" (N counts every line, blank ones too; "<stdin>:N" for
/// standard input). An input that cannot be opened or read goes to
/// `unreadable` with the reason, and the next input follows.
func forEachLine(_ inputs: [Input], unreadable: (Input, String) throws -> Void,
                 _ body: (ArraySlice<UInt8>, String) throws -> Void) throws {
    for input in inputs {
        let reader: LineReader
        do { reader = try LineReader(input) } catch {
            try unreadable(input, "cannot read: \(error)")
            continue
        }
        var number = 0
        while true {
            let line: ArraySlice<UInt8>?
            do { line = try reader.next() } catch {
                try unreadable(input, "cannot read: \(error)")
                break
            }
            guard let line else { break }
            number += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            try body(line, "\(input.display):\(number)")
        }
    }
}

enum JSONLineDecoder {
    static let decoder = JSONDecoder()

    /// Decodes one line as `T`. Invalid UTF-8 is reported with its offset
    /// in the line, a missing field by name, anything else that is not a
    /// `T` with `expected`.
    static func decode<T: Decodable>(_ type: T.Type, _ line: ArraySlice<UInt8>, expected: String) throws -> T {
        try line.withUnsafeBufferPointer { buf throws in
            do { try UTF8Validation.validate(buf) } catch {
                throw InputError(description: "\(error) in the line")
            }
        }
        do { return try decoder.decode(T.self, from: Data(line)) } catch DecodingError.keyNotFound(let key, _) {
            throw InputError(description: "missing \"\(key.stringValue)\"; expected \(expected)")
        } catch {
            throw InputError(description: "not \(expected)")
        }
    }
}

/// The JSON Lines loop of every command: records in, one record out per
/// non-blank input line, in input order, through one writer.
final class JSONLinesRunner {
    let writer: RecordWriter
    /// Whether any line or input failed (the exit status is then 1).
    private(set) var failed = false
    private var record = JSONWriter(capacity: 1 << 12)

    init(writer: RecordWriter = RecordWriter()) { self.writer = writer }

    /// Every line of `inputs` decoded as `T` (or why it could not be), with
    /// its source; an unreadable input comes as a failure with the input's
    /// name as its source.
    func forEachRecord<T: Decodable>(_ inputs: [Input], as type: T.Type, expected: String,
                                              _ body: (Result<T, InputError>, String, Int) throws -> Void) throws {
        try forEachLine(inputs, unreadable: { input, reason in
            try body(.failure(InputError(description: reason)), input.display, 0)
        }) { line, source in
            let result: Result<T, InputError>
            do { result = .success(try JSONLineDecoder.decode(T.self, line, expected: expected)) } catch {
                result = .failure(error as? InputError ?? InputError(description: "\(error)"))
            }
            try body(result, source, line.count)
        }
    }

    /// Every line decoded as `T` and given to `body`, which writes its
    /// record into the writer it is handed; a line that cannot be read,
    /// decoded or processed (`body` throws) gives the error record instead.
    func run<T: Decodable>(_ inputs: [Input], as type: T.Type, expected: String,
                                    _ body: (T, inout JSONWriter) throws -> Void) throws {
        try forEachRecord(inputs, as: type, expected: expected) { result, source, _ in
            record.removeAll()
            do {
                try body(try result.get(), &record)
            } catch {
                record.removeAll()
                record.errorRecord(id: nil, source: source, reason: "\(error)")
                failed = true
            }
            writer.write(record)
        }
        writer.flush()
    }

    /// Writes the error record of a line or input.
    func error(id: String?, source: String?, reason: String) {
        var w = JSONWriter()
        w.errorRecord(id: id, source: source, reason: reason)
        writer.write(w)
        failed = true
    }
}

/// The one output: JSON lines (or plain text) to standard output or a
/// file, buffered; `sync()` flushes and, for a file, fsyncs.
final class RecordWriter {
    private let fd: Int32
    private var buffer: [UInt8] = []

    /// Standard output.
    init() {
        fd = 1
        buffer.reserveCapacity(1 << 16)
    }

    /// A new (truncated) file.
    init(path: String) throws {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if fd < 0 { throw InputError(description: "\(path): \(String(cString: strerror(errno)))") }
    }

    /// An existing output cut back to its first `keeping` lines (what the
    /// index committed), to be continued.
    init(resuming path: String, keeping: Int) throws {
        fd = open(path, O_RDWR | O_CREAT, 0o644)
        if fd < 0 { throw InputError(description: "\(path): \(String(cString: strerror(errno)))") }
        var offset = 0
        var lines = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        scan: while lines < keeping {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; throw InputError(description: "\(path): \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            for i in 0..<n where chunk[i] == 0x0A {
                lines += 1
                if lines == keeping { offset += i + 1; break scan }
            }
            offset += n
        }
        guard lines == keeping else {
            close(fd)
            throw InputError(description: "\(path) has \(lines) complete records but the index committed \(keeping); it was changed since the run — rerun without --resume")
        }
        guard ftruncate(fd, off_t(offset)) == 0, lseek(fd, off_t(offset), SEEK_SET) >= 0 else {
            close(fd)
            throw InputError(description: "\(path): \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        flush()
        if fd != 1 { close(fd) }
    }

    /// A record and its LF.
    func write(_ record: JSONWriter) {
        buffer.append(contentsOf: record.bytes)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { flush() }
    }

    /// A record given as text, and its LF.
    func write(line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { flush() }
    }

    /// Text as it is (plain mode).
    func write(text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { flush() }
    }

    /// A segment on one line: \ TAB CR LF escaped as \\ \t \r \n.
    func writeEscaped(_ s: UnsafeBufferPointer<UInt8>) {
        for b in s {
            switch b {
            case 0x5C: buffer.append(0x5C); buffer.append(0x5C)
            case 0x09: buffer.append(0x5C); buffer.append(UInt8(ascii: "t"))
            case 0x0D: buffer.append(0x5C); buffer.append(UInt8(ascii: "r"))
            case 0x0A: buffer.append(0x5C); buffer.append(UInt8(ascii: "n"))
            default: buffer.append(b)
            }
        }
        if buffer.count >= 1 << 20 { flush() }
    }

    func flush() {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { writeFD(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { if errno == EINTR { continue }; break }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes; a file is also synced to disk.
    func sync() throws {
        flush()
        if fd != 1 && fsync(fd) != 0 {
            throw InputError(description: "syncing the output: \(String(cString: strerror(errno)))")
        }
    }
}

enum Diagnostics {
    static func error(_ message: String) {
        let line = Array("galley: \(message)\n".utf8)
        _ = line.withUnsafeBytes { writeFD(2, $0.baseAddress!, $0.count) }
    }
}

/// write(2) under a name that the writer's own `write` does not shadow.
func writeFD(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    write(fd, p, n)
}
