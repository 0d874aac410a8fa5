import Foundation
import Testing
@testable import Galley

/// Synthetic news-like paragraphs with near, contained and exact copies,
/// deterministic for a seed.
enum SyntheticCorpus {
    static let words = ("the council approved budget second crossing monday after long debate about steel prices "
        + "delays engineers said new bridge would carry four lanes traffic tram line work could start next spring "
        + "contracts signed before end year minister visited town hall residents asked questions water supply "
        + "schools roads police report fire station museum opened exhibition artists painters river flooded "
        + "farmers harvest weather storm coast ferry service airport runway").split(separator: " ").map(String.init)

    static func next(_ state: inout UInt64) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int(truncatingIfNeeded: (state >> 33))
    }

    /// `documents` documents of 1–7 paragraphs; about a fifth of paragraphs
    /// copy an earlier one (exactly, with one word changed, or cut short).
    static func documents(_ documents: Int, seed: UInt64) -> [(documentID: String, paragraphs: [String])] {
        var state = seed
        var all: [String] = []
        var out: [(documentID: String, paragraphs: [String])] = []
        for d in 0..<documents {
            var ps: [String] = []
            for _ in 0..<(1 + next(&state) % 7) {
                let r = next(&state) % 10
                if r < 2, !all.isEmpty {
                    var words = all[next(&state) % all.count].split(separator: " ").map(String.init)
                    switch next(&state) % 3 {
                    case 0: break
                    case 1: words[next(&state) % words.count] = "changed"
                    default: words.removeLast(Swift.min(2, words.count - 1))
                    }
                    ps.append(words.joined(separator: " "))
                } else {
                    let n = 3 + next(&state) % 60
                    ps.append((0..<n).map { _ in words[next(&state) % words.count] }.joined(separator: " "))
                }
            }
            all += ps
            out.append(("doc-\(d)", ps))
        }
        return out
    }
}

fileprivate func scratchPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("galley-\(name)-\(UUID().uuidString).db").path
}

fileprivate func remove(_ path: String) {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}

@Suite("Index layout: merges, rollback, reopen")
struct DedupLayoutTests {
    /// Everything an index says about a sequence of batches.
    static func run(_ index: DedupIndex, _ docs: [(documentID: String, paragraphs: [String])],
                    batch: Int) throws -> [DuplicateMatch?] {
        var out: [DuplicateMatch?] = []
        var i = 0
        while i < docs.count {
            out += try index.add(documents: Array(docs[i ..< Swift.min(i + batch, docs.count)]))
            i += batch
        }
        return out
    }

    @Test func mergesDoNotChangeResults() throws {
        let docs = SyntheticCorpus.documents(1500, seed: 7)
        let plain = try DedupIndex(path: nil, options: DedupOptions(), minimumMerge: 1 << 30)   // never merges
        let merging = try DedupIndex(path: nil, options: DedupOptions(), minimumMerge: 50)     // merges often
        let a = try Self.run(plain, docs, batch: 7)
        let b = try Self.run(merging, docs, batch: 7)
        #expect(a.count == plain.count && a == b)
        #expect(a.contains { $0?.kind == .near } && a.contains { $0?.kind == .exact } && a.contains { $0?.kind == .contained })
        #expect(plain.clusters() == merging.clusters())
        for s in [0, 1, 100, Int64(plain.count - 1)] {
            #expect(plain.paragraph(sequence: s) == merging.paragraph(sequence: s))
        }
    }

    /// A refused batch (its callback throws, after merges and with new and
    /// known documents, exact, near and new paragraphs) leaves no trace: the
    /// index then answers exactly as one that never saw it.
    @Test(arguments: [false, true])
    func refusedBatchRollsBackExactly(file: Bool) throws {
        let docs = SyntheticCorpus.documents(900, seed: 11)
        let head = Array(docs[..<600]), refused = Array(docs[600..<700]), tail = Array(docs[700...])
        let pathA = scratchPath("rollback-a"), pathB = scratchPath("rollback-b")
        defer { remove(pathA); remove(pathB) }
        let a = try DedupIndex(path: file ? pathA : nil, options: DedupOptions(), minimumMerge: 64)
        let b = try DedupIndex(path: file ? pathB : nil, options: DedupOptions(), minimumMerge: 64)
        _ = try Self.run(a, head, batch: 5)
        _ = try Self.run(b, head, batch: 5)
        let count = a.count
        // Refused: repeats of known paragraphs under a known document id,
        // and new documents.
        let repeated = [(documentID: "doc-3", paragraphs: head[3].paragraphs)] + refused
        let prepared = try ArticleProcessor().prepare(ArticleInput(id: "doc-new", text: refused[0].paragraphs.joined(separator: "\n\n")))
        struct Stop: Error {}
        for batch in [repeated, refused] {
            var matches: [DuplicateMatch?] = []
            #expect(throws: GalleyError.self) {
                let ids = batch.map { ($0.documentID, $0.paragraphs.count) }
                var prints: [Fingerprint] = []
                let f = try Fingerprinter()
                for d in batch { for p in d.paragraphs { prints.append(try f.fingerprint(p)) } }
                _ = try a.commit(ids, prints) { m in matches = m; throw Stop() }
            }
            #expect(matches.count == batch.reduce(0) { $0 + $1.paragraphs.count })
            #expect(a.count == count)
        }
        #expect(throws: GalleyError.self) { try a.add([prepared]) { _ in throw Stop() } }
        #expect(a.count == count)
        for d in refused { #expect(try !a.contains(documentID: d.documentID)) }
        #expect(try a.contains(documentID: "doc-3"))
        let ra = try Self.run(a, tail, batch: 3)
        let rb = try Self.run(b, tail, batch: 3)
        #expect(ra == rb && a.count == b.count && a.clusters() == b.clusters())
    }

    /// A file index reopened (its LSH runs rebuilt from the file) answers
    /// exactly as the index that wrote it and as one in memory.
    @Test func reopenedFileMatchesMemory() throws {
        let docs = SyntheticCorpus.documents(1200, seed: 3)
        let head = Array(docs[..<800]), tail = Array(docs[800...])
        let path = scratchPath("reopen")
        defer { remove(path) }
        let memory = try DedupIndex(path: nil, options: DedupOptions(), minimumMerge: 100)
        do {
            let file = try DedupIndex(path: path, options: DedupOptions(), minimumMerge: 100)
            #expect(try Self.run(file, head, batch: 9) == Self.run(memory, head, batch: 9))
        }
        let reopened = try DedupIndex(path: path)
        #expect(reopened.count == memory.count)
        #expect(reopened.clusters() == memory.clusters())
        #expect(try Self.run(reopened, tail, batch: 4) == Self.run(memory, tail, batch: 4))
        for s in stride(from: Int64(0), to: Int64(memory.count), by: 97) {
            #expect(reopened.paragraph(sequence: s) == memory.paragraph(sequence: s))
        }
    }

    /// Issue 12: memory and file agree on `contains`, before and after
    /// reopening. The rule: a document is in the index once a committed
    /// batch stored at least one of its paragraphs.
    @Test func containsAgreesInMemoryAndInAFile() throws {
        let path = scratchPath("contains")
        defer { remove(path) }
        struct Stop: Error {}
        func exercise(_ index: DedupIndex) throws {
            _ = try index.add(documentID: "kept", paragraphs: ["A paragraph that is stored in the index today."])
            _ = try index.add(documentID: "empty", paragraphs: [])
            _ = try index.add(documents: [(documentID: "empty-in-batch", paragraphs: []),
                                          (documentID: "beside", paragraphs: ["Another stored paragraph here."])])
            #expect(throws: GalleyError.self) {
                let f = try Fingerprinter()
                _ = try index.commit([("refused", 1)], [try f.fingerprint("Never stored at all, refused.")]) { _ in
                    throw Stop()
                }
            }
        }
        let expected = ["kept": true, "beside": true, "empty": false, "empty-in-batch": false, "refused": false,
                        "never": false]
        let memory = try DedupIndex()
        try exercise(memory)
        do {
            let file = try DedupIndex(path: path)
            try exercise(file)
            for (id, want) in expected {
                #expect(try memory.contains(documentID: id) == want, "memory: \(id)")
                #expect(try file.contains(documentID: id) == want, "file: \(id)")
            }
        }
        let reopened = try DedupIndex(path: path)
        for (id, want) in expected { #expect(try reopened.contains(documentID: id) == want, "reopened: \(id)") }
    }
}
