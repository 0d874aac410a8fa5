import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `galley process`, the main job, end to end through the executable.
@Suite("galley process", .enabled(if: CLI.executable != nil, "the galley executable is not built"))
struct ProcessCLITests {
    static let samples = TestPaths.samples.path

    /// A fresh temporary directory, removed by the caller.
    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("galley-process-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func records(_ path: URL) throws -> [[String: Any]] {
        try String(contentsOf: path, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    static func duplicates(_ record: [String: Any]) -> Int {
        ((record["paragraphs"] as? [[String: Any]]) ?? []).filter { !($0["duplicate"] is NSNull) }.count
    }

    @Test("the samples, twice: every feature, then every paragraph a repeat")
    func samplesTwice() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let index = dir.appendingPathComponent("galley.db").path
        let first = dir.appendingPathComponent("first.jsonl"), second = dir.appendingPathComponent("second.jsonl")
        let r1 = try CLI.run(["process", Self.samples, "--index", index, "--out", first.path], stdin: Data())
        #expect(r1.status == 0, "\(r1.err)")
        #expect(r1.err.contains("14 articles") && r1.err.contains("0 errors"), "\(r1.err)")
        let a = try Self.records(first)
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.samples).filter { $0.hasSuffix(".txt") || $0.hasSuffix(".md") }
        #expect(a.map { $0["id"] as? String } == files.sorted().map { Optional($0) })
        // Every feature shows: languages detected or from front matter,
        // related links with canonical URLs, glued sentences split, and
        // repeats across the syndicated copies.
        let byID = Dictionary(uniqueKeysWithValues: a.map { ($0["id"] as! String, $0) })
        for (id, record) in byID { #expect(record["lang"] as? String == String(id.prefix { $0 != "-" }), "\(id)") }
        // In path order the copy ("uk-kyiv-metro-copy.txt") comes first, so
        // the original repeats it: its two body paragraphs exactly, and its
        // title is contained in the copy's longer one.
        let uk = try #require(byID["uk-kyiv-metro.txt"])
        let kinds = ((uk["paragraphs"] as? [[String: Any]]) ?? []).map { ($0["duplicate"] as? [String: Any])?["kind"] as? String }
        #expect(kinds == ["contained", "exact", "exact"], "\(kinds)")
        let ru = try #require(byID["ru-moscow-heat.md"])
        #expect(ru["url"] as? String == "https://news.example.ru/society/2025/07/14/zhara")
        let links = try #require(ru["related"] as? [[String: Any]])
        #expect(links.compactMap { $0["canonical_url"] as? String } == [
            "https://news.example.ru/society/2025/07/10/fontany",
            "https://news.example.ru/society/2025/07/12/skoraya-pomoshch.html"])
        let en = try #require(byID["en-harbour-bridge.txt"])
        let sentences = ((en["paragraphs"] as? [[String: Any]]) ?? []).flatMap { ($0["sentences"] as? [[Int]]) ?? [] }
        let text = try String(contentsOfFile: Self.samples + "/en-harbour-bridge.txt", encoding: .utf8)
        let utf8 = Array(text.utf8)
        #expect(sentences.map { String(decoding: utf8[$0[0]..<$0[1]], as: UTF8.self) }
                    .contains("But it does not explain why the work took a year longer than promised."))
        #expect(byID["en-markets-related-mentions.txt"]?["related"] as? [Any] != nil)
        #expect((byID["en-markets-related-mentions.txt"]?["related"] as? [Any])?.isEmpty == true)

        // The same input again: every paragraph is a repeat of the first run's.
        let r2 = try CLI.run(["process", Self.samples, "--index", index, "--out", second.path, "--quiet"], stdin: Data())
        #expect(r2.status == 0 && r2.err.isEmpty, "\(r2.err)")
        let b = try Self.records(second)
        #expect(b.count == a.count)
        for record in b {
            let paragraphs = (record["paragraphs"] as? [[String: Any]]) ?? []
            #expect(Self.duplicates(record) == paragraphs.count, "\(record["id"] ?? "")")
        }
    }

    @Test("bad input becomes error records; the run goes on; exit status 1")
    func badInput() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("Good article.\n\nSecond paragraph.".utf8).write(to: folder.appendingPathComponent("a.txt"))
        try Data([0x42, 0x61, 0x64, 0xFF, 0x21]).write(to: folder.appendingPathComponent("b.txt"))
        try Data("---\nlang: e n\n---\nWrong language tag.".utf8).write(to: folder.appendingPathComponent("c.md"))
        let jsonl = dir.appendingPathComponent("more.jsonl")
        var lines = Data("{\"id\":\"j1\",\"text\":\"Fine.\"}\nnot json\n{\"id\":\"j3\"}\n".utf8)
        lines.append(contentsOf: Array("{\"id\":\"j4\",\"text\":\"bad ".utf8) + [0xC3, 0x28] + Array("\"}\n".utf8))
        lines.append(Data("{\"text\":\"No id here.\",\"lang\":\"en\"}\n".utf8))
        try lines.write(to: jsonl)
        let r = try CLI.run(["process", folder.path, jsonl.path, dir.appendingPathComponent("missing.txt").path,
                             "--no-index"], stdin: Data())
        #expect(r.status == 2, "a missing input is a usage error before anything runs")
        let out = dir.appendingPathComponent("out.jsonl")
        let run = try CLI.run(["process", folder.path, jsonl.path, "--no-index", "--out", out.path], stdin: Data())
        #expect(run.status == 1)
        let records = try Self.records(out)
        #expect(records.count == 8)
        let errors = records.map { $0["error"] as? String }
        #expect(errors[0] == nil && errors[3] == nil && errors[7] == nil)
        #expect(errors[1]?.contains("UTF-8") == true && records[1]["id"] as? String == "b.txt")
        #expect(errors[2]?.contains("BCP 47") == true)
        #expect(records[4]["source"] as? String == jsonl.path + ":2" && errors[4] != nil)
        #expect(errors[5] != nil && errors[6]?.contains("UTF-8") == true)
        #expect(records[7]["id"] as? String == jsonl.path + ":5")
        #expect(run.err.contains("5 errors"), "\(run.err)")
    }

    @Test("killed mid-run, --resume gives exactly the uninterrupted output")
    func killAndResume() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 1,500 articles of pseudo-random words; every fifth repeats an
        // earlier article's second paragraph.
        var corpus = ""
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        let vocabulary = ["council", "budget", "bridge", "river", "minister", "vote", "market", "school", "rain",
                          "report", "city", "police", "energy", "price", "court", "plan", "road", "hospital",
                          "union", "strike", "water", "farm", "station", "museum", "election", "tax", "port"]
        func words(_ n: Int) -> String {
            (0..<n).map { _ -> String in
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                return vocabulary[Int(seed >> 33) % vocabulary.count]
            }.joined(separator: " ")
        }
        var seconds: [String] = []
        for i in 0..<1500 {
            let second = i % 5 == 4 ? seconds[i / 2] : "The " + words(14) + ".Then " + words(9) + "."
            seconds.append(second)
            let text = "Report \(i): " + words(6) + "\n\n" + second + "\n\nRead also:\n- [Earlier](/reports/\(i / 3)?utm_source=feed)"
            let record = try JSONSerialization.data(withJSONObject: ["id": "doc\(i)", "text": text,
                                                                      "url": "https://example.org/news/\(i)"])
            corpus += String(decoding: record, as: UTF8.self) + "\n"
        }
        let input = dir.appendingPathComponent("corpus.jsonl")
        try Data(corpus.utf8).write(to: input)

        let reference = dir.appendingPathComponent("reference.jsonl")
        let ref = try CLI.run(["process", input.path, "--index", dir.appendingPathComponent("ref.db").path,
                               "--out", reference.path, "--batch", "20", "--quiet"], stdin: Data())
        #expect(ref.status == 0, "\(ref.err)")

        let out = dir.appendingPathComponent("out.jsonl"), index = dir.appendingPathComponent("run.db").path
        let args = ["process", input.path, "--index", index, "--out", out.path, "--batch", "20", "--quiet"]
        var killed = 0
        for _ in 0..<3 {
            // Start, wait until some records are out, then SIGKILL.
            let p = Process()
            p.executableURL = CLI.executable
            p.arguments = killed == 0 ? args : args + ["--resume"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            let before = (try? Data(contentsOf: out).count) ?? 0
            try p.run()
            let deadline = Date().addingTimeInterval(30)
            while p.isRunning, Date() < deadline, ((try? Data(contentsOf: out).count) ?? 0) < before + 60_000 {
                usleep(2_000)
            }
            if p.isRunning { kill(p.processIdentifier, SIGKILL); killed += 1 }
            p.waitUntilExit()
        }
        let resumed = try CLI.run(args + ["--resume"], stdin: Data())
        #expect(resumed.status == 0, "\(resumed.err)")
        #expect(killed > 0, "the run finished before it could be killed; the test proves nothing")
        let got = try Data(contentsOf: out), want = try Data(contentsOf: reference)
        #expect(got == want, "resumed output differs: \(got.count) vs \(want.count) bytes")
        // Resuming a finished run adds nothing.
        let again = try CLI.run(args + ["--resume"], stdin: Data())
        let after = try Data(contentsOf: out)
        #expect(again.status == 0 && after == want)
        // --resume refuses what it cannot do.
        #expect(try CLI.run(["process", input.path, "--resume"], stdin: Data()).status != 0)
        #expect(try CLI.run(["process", input.path, "--no-index", "--out", out.path, "--resume"], stdin: Data()).status != 0)
    }

    @Test("standard input, progress and quiet")
    func stdinAndProgress() throws {
        let input = Data("{\"id\":\"s1\",\"text\":\"Один. Два.\",\"lang\":\"uk\"}\n".utf8)
        let r = try CLI.run(["process", "-", "--no-index"], stdin: input)
        #expect(r.status == 0)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(record["id"] as? String == "s1" && record["lang"] as? String == "uk")
        #expect(r.err.hasPrefix("galley: 1 articles") || r.err.contains("galley: 1 articles"), "\(r.err)")
        let quiet = try CLI.run(["process", "-", "--no-index", "--quiet"], stdin: input)
        #expect(quiet.err.isEmpty && quiet.out == r.out)
    }
}
