import Foundation
import Testing

/// Runs the `galley` executable built next to the test bundle.
struct CLI {
    static var executable: URL? {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("galley")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    static func run(_ args: [String], stdin: Data) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        guard let executable else { throw CocoaError(.fileNoSuchFile) }
        p.executableURL = executable
        p.arguments = args
        let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
        p.standardInput = inPipe
        p.standardOutput = outPipe
        p.standardError = errPipe
        try p.run()
        inPipe.fileHandleForWriting.write(stdin)
        try inPipe.fileHandleForWriting.close()
        let out = outPipe.fileHandleForReading.readDataToEndOfFile()
        let err = errPipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}

@Suite("galley segment", .enabled(if: CLI.executable != nil, "the galley executable is not built"))
struct CLITests {
    @Test func plainSentences() throws {
        let r = try CLI.run(["segment"], stdin: Data("Mr. Smith left.\tHe returned.\n".utf8))
        #expect(r.status == 0)
        #expect(r.out == "Mr. Smith left.\nHe returned.\n")
        // Whitespace kept: escaped so that each segment stays on one line.
        let kept = try CLI.run(["segment", "--keep-whitespace"], stdin: Data("One.\tTwo.\n".utf8))
        #expect(kept.out == "One.\\t\nTwo.\\n\n")
    }

    @Test func words() throws {
        let r = try CLI.run(["segment", "--unit", "word"], stdin: Data("Hi 42".utf8))
        #expect(r.out == "Hi\tletter\n42\tnumber\n")
    }

    @Test func jsonlKeepsOrderAndReportsBadLines() throws {
        var input = Data("{\"text\":\"One. Two.\"}\n".utf8)
        input.append(contentsOf: [0x7B, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D, 0x0A]) // {"text":"\xFF"}
        input.append(Data("not json\n{\"text\":\"Це речення. Ще одне.\",\"lang\":\"uk\"}\n".utf8))
        let r = try CLI.run(["segment", "--jsonl"], stdin: input)
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0] == #"{"segments":["One.","Two."]}"#)
        // The one error record of every command: {"id", "source", "error"}.
        #expect(lines[1].hasPrefix(#"{"id":null,"source":"<stdin>:2","error":"#) && lines[1].contains("invalid UTF-8 at byte offset 9"))
        #expect(lines[2].hasPrefix(#"{"id":null,"source":"<stdin>:3","error":"#))
        #expect(lines[3] == #"{"segments":["Це речення.","Ще одне."]}"#)
        #expect(r.status == 1)
    }

    @Test func invalidUTF8InPlainModeIsReported() throws {
        let r = try CLI.run(["segment"], stdin: Data([0x61, 0x62, 0xC0, 0xAF]))
        #expect(r.status == 1)
        #expect(r.err.contains("invalid UTF-8 at byte offset 2"))
    }

    @Test func emptyInput() throws {
        let r = try CLI.run(["segment", "--jsonl"], stdin: Data())
        #expect(r.status == 0 && r.out.isEmpty)
    }

    @Test func badLanguageFailsBeforeReading() throws {
        let r = try CLI.run(["segment", "--lang", "bad tag!"], stdin: Data("x".utf8))
        #expect(r.status != 0)
        #expect(r.err.contains("BCP 47"))
    }

    @Test func dedupRemembersAcrossRuns() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("galley-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("index.db").path
        let input = Data(#"{"id":"a","text":"The council approved the budget for the second crossing.\n\nA second paragraph of this story."}"#.utf8 + [0x0A])
        let first = try CLI.run(["dedup", "--index", db], stdin: input)
        #expect(first.status == 0 && first.out.contains(#""duplicates":0"#))
        let again = try CLI.run(["dedup", "--index", db], stdin: input)
        #expect(again.status == 0 && again.out.contains(#""duplicates":2"#) && again.out.contains(#""kind":"exact""#))
        let bad = try CLI.run(["dedup", "--no-index"], stdin: Data("not json\n".utf8))
        #expect(bad.status == 1 && bad.out.hasPrefix(#"{"id":null,"source":"<stdin>:1","error":"#))
    }

    @Test func linksSplitsTheBlock() throws {
        let input = Data(#"{"text":"Body.\n\nRead also:\n- [Floods](/f?utm_source=a)","url":"https://x.org/news/a"}"#.utf8 + [0x0A])
        let r = try CLI.run(["links", "--jsonl"], stdin: input)
        #expect(r.status == 0)
        #expect(r.out.contains(#""body":"Body.""#) && r.out.contains(#""canonical_url":"https://x.org/f""#))
        let plain = try CLI.run(["links"], stdin: Data("Text.\n\nSee also:\n- One headline\n".utf8))
        #expect(plain.out == "One headline\t\n")
    }
}
