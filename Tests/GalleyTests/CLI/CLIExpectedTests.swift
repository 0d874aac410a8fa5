import Foundation
import Testing

/// Each command's `--help` and its output on fixed inputs, pinned by the
/// expected files beside them in Tests/cli (see docs/cli.md): NAME.args (one
/// argument a line, run from the repository root), NAME.stdin (optional),
/// NAME.out and NAME.status. `GALLEY_UPDATE_EXPECTED=1` rewrites the
/// expected files from the current build instead of comparing.
@Suite("galley: expected outputs", .enabled(if: CLI.executable != nil, "the galley executable is not built"))
struct CLIExpectedTests {
    static let folder = TestPaths.root.appendingPathComponent("Tests/cli")
    static let update = ProcessInfo.processInfo.environment["GALLEY_UPDATE_EXPECTED"] == "1"

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".args") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Runs galley from the repository root with a fixed terminal width
    /// (help text wraps at it) and no terminal (no progress bar).
    static func run(_ args: [String], stdin: Data) throws -> (status: Int32, out: Data) {
        let p = Process()
        p.executableURL = try #require(CLI.executable)
        p.arguments = args
        p.currentDirectoryURL = TestPaths.root
        var env = ProcessInfo.processInfo.environment
        env["COLUMNS"] = "80"
        p.environment = env
        let inPipe = Pipe(), outPipe = Pipe()
        p.standardInput = inPipe
        p.standardOutput = outPipe
        p.standardError = FileHandle.nullDevice
        try p.run()
        inPipe.fileHandleForWriting.write(stdin)
        try inPipe.fileHandleForWriting.close()
        let out = outPipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, out)
    }

    @Test("there are cases for every command's help and output")
    func casesExist() {
        let cases = Self.cases
        for command in ["process", "segment", "normalize", "dedup", "links", "url"] {
            #expect(cases.contains("help-\(command)"), "help-\(command)")
            #expect(cases.contains { $0.hasPrefix(command + "-") || $0 == command }, "\(command)")
        }
    }

    @Test("each case gives its expected output and status", arguments: cases)
    func expected(_ name: String) throws {
        let base = Self.folder.appendingPathComponent(name)
        let args = try String(contentsOf: base.appendingPathExtension("args"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
        let stdin = (try? Data(contentsOf: base.appendingPathExtension("stdin"))) ?? Data()
        let r = try Self.run(args, stdin: stdin)
        let outFile = base.appendingPathExtension("out"), statusFile = base.appendingPathExtension("status")
        if Self.update {
            try r.out.write(to: outFile)
            try Data("\(r.status)\n".utf8).write(to: statusFile)
            return
        }
        let expectedOut = try Data(contentsOf: outFile)
        let expectedStatus = try String(contentsOf: statusFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(r.status == Int32(expectedStatus), "\(name): status")
        if r.out != expectedOut {
            // The first differing line, to read the failure without a diff tool.
            let got = String(decoding: r.out, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let want = String(decoding: expectedOut, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let i = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
            Issue.record("\(name): line \(i + 1) differs:\n got: \(i < got.count ? String(got[i]) : "(none)")\nwant: \(i < want.count ? String(want[i]) : "(none)")")
        }
    }

    /// The fields `galley process` gained since process-samples.before.jsonl
    /// was written (docs/cli.md: renames).
    static let added = ["link_key"]

    @Test("galley process on the samples is what it was before the renames, apart from them")
    func processSamplesBeforeAndAfter() throws {
        let before = try String(contentsOf: Self.folder.appendingPathComponent("process-samples.before.jsonl"), encoding: .utf8)
        let r = try Self.run(["process", "Samples", "--no-index", "--quiet"], stdin: Data())
        #expect(r.status == 0)
        func records(_ text: String) throws -> [[String: Any]] {
            try text.split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
        }
        /// A record as canonical JSON (sorted keys), without the added fields.
        func canonical(_ record: [String: Any]) throws -> String {
            var r = record
            for key in Self.added { r[key] = nil }
            return String(decoding: try JSONSerialization.data(withJSONObject: r, options: [.sortedKeys]), as: UTF8.self)
        }
        let old = try records(before)
        let new = try records(String(decoding: r.out, as: UTF8.self))
        #expect(new.count == old.count && old.count == 14)
        for record in new {
            for key in Self.added { #expect(record.keys.contains(key), "\(key) is written") }
        }
        for (a, b) in zip(old, new) { #expect(try canonical(a) == canonical(b), "\(a["id"] ?? "")") }
        // The key is the url's match key, where there is a url.
        let ru = try #require(new.first { $0["id"] as? String == "ru-moscow-heat.md" })
        #expect(ru["link_key"] as? String == "https://news.example.ru/society/2025/07/14/zhara")
        let de = try #require(new.first { $0["id"] as? String == "de-bahnstreik.txt" })
        #expect(de["link_key"] is NSNull)
    }
}
