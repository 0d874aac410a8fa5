import Foundation
import Testing

/// The exit statuses the README documents (0 done, 1 a record failed, 2 a
/// usage or index error) and `galley process`'s pipeline options, through
/// the executable.
@Suite("galley exit statuses and process options", .enabled(if: CLI.executable != nil, "the galley executable is not built"))
struct ExitStatusTests {
    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("galley-exit-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// `galley process - --no-index --quiet ARGS` on JSON Lines; the records.
    static func process(_ lines: [String], _ args: [String]) throws -> (status: Int32, records: [[String: Any]], err: String) {
        let r = try CLI.run(["process", "-", "--no-index", "--quiet"] + args,
                            stdin: Data(lines.map { $0 + "\n" }.joined().utf8))
        let records = try r.out.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        return (r.status, records, r.err)
    }

    static func paragraphs(_ record: [String: Any]) -> [[String: Any]] {
        (record["paragraphs"] as? [[String: Any]]) ?? []
    }

    @Test("usage errors exit 2, not swift-argument-parser's 64, and say what is wrong")
    func usageErrors() throws {
        let unknown = try CLI.run(["process", "-", "--no-such-option"], stdin: Data())
        #expect(unknown.status == 2)
        #expect(unknown.err.contains("--no-such-option"))
        #expect(try CLI.run(["process"], stdin: Data()).status == 2)
        #expect(try CLI.run(["segment", "--unit", "chapter"], stdin: Data()).status == 2)
        #expect(try CLI.run(["no-such-command"], stdin: Data()).status == 2)
        let threshold = try CLI.run(["process", "-", "--threshold", "1.5"], stdin: Data())
        #expect(threshold.status == 2 && threshold.err.contains("--threshold"))
        let lang = try CLI.run(["process", "-", "--lang", "e n"], stdin: Data())
        #expect(lang.status == 2 && lang.err.contains("--lang"))
        // Help, version and completion scripts are not errors.
        #expect(try CLI.run(["--help"], stdin: Data()).status == 0)
        #expect(try CLI.run(["process", "--help"], stdin: Data()).status == 0)
        #expect(try CLI.run(["--version"], stdin: Data()).status == 0)
        let completion = try CLI.run(["--generate-completion-script", "bash"], stdin: Data())
        #expect(completion.status == 0 && completion.out.contains("process"))
    }

    @Test("a record that fails exits 1; the others are written")
    func recordErrors() throws {
        let r = try Self.process([#"{"id":"a","text":"Fine."}"#, "not json"], [])
        #expect(r.status == 1)
        #expect(r.records.count == 2 && r.records[1]["error"] is String)
        #expect(try Self.process([#"{"id":"a","text":"Fine."}"#], []).status == 0)
    }

    @Test("an index that cannot be used exits 2 before anything runs")
    func indexErrors() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = dir.appendingPathComponent("broken.db")
        try Data("this is not an SQLite file, but long enough to look like one's header".utf8).write(to: broken)
        let r = try CLI.run(["process", "-", "--index", broken.path, "--quiet"],
                            stdin: Data(#"{"id":"a","text":"Fine."}"#.utf8))
        #expect(r.status == 2)
        #expect(r.out.isEmpty)
        let dedup = try CLI.run(["dedup", "--index", broken.path], stdin: Data(#"{"id":"a","text":"Fine."}"#.utf8))
        #expect(dedup.status == 2)
    }

    @Test("--lang is the language of articles that give none")
    func lang() throws {
        let r = try Self.process([#"{"id":"a","text":"Das ist gut. Wir gehen."}"#,
                                  #"{"id":"b","text":"C'est bon.","lang":"fr"}"#], ["--lang", "de"])
        #expect(r.status == 0)
        #expect(r.records[0]["lang"] as? String == "de" && r.records[0]["lang_detected"] as? Bool == false)
        #expect(r.records[1]["lang"] as? String == "fr")
        let detected = try Self.process([#"{"id":"a","text":"The council met on Monday and it was agreed."}"#], [])
        #expect(detected.records[0]["lang_detected"] as? Bool == true)
    }

    @Test("--no-repair keeps glued sentences; --no-related keeps related blocks in the body")
    func repairAndRelated() throws {
        let glued = #"{"id":"a","text":"It rained.But not for long."}"#
        let split = try Self.process([glued], [])
        #expect((Self.paragraphs(split.records[0])[0]["sentences"] as? [Any])?.count == 2)
        let kept = try Self.process([glued], ["--no-repair"])
        #expect((Self.paragraphs(kept.records[0])[0]["sentences"] as? [Any])?.count == 1)

        let withBlock = #"{"id":"a","text":"Body text here.\n\nRead also:\n- Floods in the north"}"#
        let related = try Self.process([withBlock], [])
        #expect((related.records[0]["related"] as? [Any])?.count == 1)
        #expect(Self.paragraphs(related.records[0]).count == 1)
        let none = try Self.process([withBlock], ["--no-related"])
        #expect((none.records[0]["related"] as? [Any])?.count == 0)
        #expect(Self.paragraphs(none.records[0]).count == 2)
    }

    @Test("--containment and --threshold choose what counts as a copy")
    func thresholds() throws {
        let long = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"
        let short = "one two three four five six seven eight nine ten eleven twelve"
        let line = #"{"id":"a","text":"\#(long)\n\n\#(short)"}"#
        func kind(_ args: [String]) throws -> String? {
            let r = try Self.process([line], args)
            #expect(r.status == 0, "\(r.err)")
            return (Self.paragraphs(r.records[0]).last?["duplicate"] as? [String: Any])?["kind"] as? String
        }
        #expect(try kind([]) == "contained")
        #expect(try kind(["--containment", "0"]) == nil)
        #expect(try kind(["--containment", "0", "--threshold", "0.4"]) == "near")
    }
}
