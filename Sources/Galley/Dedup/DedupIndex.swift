/// The kind of a duplicate.
public enum DuplicateKind: UInt8, Sendable, Hashable, CaseIterable {
    /// The same normalized token sequence.
    case exact = 1
    /// Jaccard similarity of the shingle sets at or above the threshold.
    case near = 2
    /// Most of the shorter paragraph's shingles are in the longer one
    /// (a truncated copy, or one with boilerplate appended).
    case contained = 3

    public var name: String {
        switch self {
        case .exact: return "exact"
        case .near: return "near"
        case .contained: return "contained"
        }
    }
}

/// Why a paragraph is a duplicate: of which earlier one, how similar, what kind.
public struct DuplicateMatch: Sendable, Hashable {
    /// The earlier paragraph's document id and index within its document.
    public var documentID: String
    public var paragraph: Int
    /// The earlier paragraph's global input order in the index.
    public var sequence: Int64
    /// 1 for exact duplicates; Jaccard for near ones; containment for
    /// contained ones.
    public var similarity: Double
    public var kind: DuplicateKind
}

/// Near-duplicate paragraphs across a corpus: add documents in order; each
/// paragraph comes back kept (nil) or as a duplicate of an earlier one.
///
/// Candidates come from MinHash LSH (banding chosen for high recall) and from
/// the exact hash; every candidate is verified on its shingle set (16-bit
/// fingerprints), so the reported similarity is the measured Jaccard or
/// containment, not an estimate. The best match wins (highest similarity,
/// then the earliest paragraph), so results depend only on the input order.
///
/// ```swift
/// let index = try DedupIndex()
/// let results = try index.add(documentID: "a1", paragraphs: ["First.", "Second paragraph text here."])
/// ```
///
/// Not thread-safe: one writer at a time.
public final class DedupIndex {
    public let options: DedupOptions
    private let fingerprinter: Fingerprinter
    private(set) var paragraphs: [StoredParagraph] = []
    private var exact: [UInt64: Int32] = [:]          // exact hash -> first position
    private var bands: BandTable

    private let store: IndexStore?

    /// Opens an index.
    /// - Parameters:
    ///   - path: an SQLite file (created when missing or empty), which keeps
    ///     the index across runs: reopening restores the exact state; each
    ///     batch is one transaction, so a crash loses at most the batch in
    ///     flight. nil keeps the index in memory.
    ///   - options: must match the fingerprint settings the file was built
    ///     with (shingles, permutations, seed, and the banding the threshold
    ///     chooses); the containment threshold may change between runs.
    /// - Throws: `invalidArgument` for bad options, a file that is not a
    ///   Galley index, a newer or damaged one, or one built with other
    ///   fingerprint settings.
    public init(path: String? = nil, options: DedupOptions = DedupOptions()) throws(GalleyError) {
        self.options = options
        self.fingerprinter = try Fingerprinter(options: options)
        self.bands = BandTable(bands: options.banding.bands)
        // In memory there is nothing to keep: no SQLite at all.
        guard let path else {
            self.store = nil
            return
        }
        let store = try IndexStore(path: path)
        self.store = store
        let settings = DedupIndex.settings(options)
        if let saved = try store.settings(), saved != settings {
            throw .invalidArgument("index '\(path)' was built with other fingerprint settings "
                                   + "(\(saved)); this index uses \(settings)")
        }
        for p in try store.loadAll() {
            let position = Int32(paragraphs.count)
            paragraphs.append(p)
            if exact[p.exactHash] == nil { exact[p.exactHash] = position }
            bands.insert(p.bandKeys, position: position)
        }
    }

    /// What fingerprints depend on, recorded in the file.
    static func settings(_ o: DedupOptions) -> String {
        let shingles: String
        switch o.shingles {
        case .words(let n): shingles = "words:\(n)"
        case .characters(let n): shingles = "characters:\(n)"
        }
        let b = o.banding
        return "v1 \(shingles) permutations:\(o.permutations) bands:\(b.bands)x\(b.rows) seed:\(o.seed)"
    }

    /// Whether a document with this id was stored (to resume a run).
    public func contains(documentID: String) throws(GalleyError) -> Bool {
        if let store { return try store.documentExists(documentID) }
        return documentIDs.contains(documentID)
    }

    /// In memory only: the ids added (a file index asks its store).
    private var documentIDs = Set<String>()

    /// Paragraphs in the index.
    public var count: Int { paragraphs.count }

    /// Adds a document's paragraphs in order (each is also compared with the
    /// earlier paragraphs of the same document) and returns, per paragraph,
    /// nil when kept or the match that makes it a duplicate.
    public func add(documentID: String, paragraphs texts: [String]) throws(GalleyError) -> [DuplicateMatch?] {
        // Fingerprint everything first: a failure leaves the index unchanged.
        var prints: [Fingerprint] = []
        prints.reserveCapacity(texts.count)
        for text in texts { prints.append(try fingerprinter.fingerprint(text)) }
        return try commit([(documentID, texts.count)], prints)
    }

    /// Adds a batch of documents given as UTF-8 buffers, as one unit: every
    /// paragraph is validated and fingerprinted before any is added, so an
    /// invalid one (`invalidUTF8`, with `failedItem` set to its position in
    /// the batch) leaves the index unchanged.
    public func add(batch: [(documentID: String, paragraphs: [UnsafeBufferPointer<UInt8>])])
        throws(GalleyError) -> [DuplicateMatch?] {
        let all = batch.flatMap { $0.paragraphs }
        let prints: [Fingerprint]
        do {
            prints = try fingerprintAll(all)
        } catch {
            failedItem = error.item
            throw error.error
        }
        failedItem = nil
        return try commit(batch.map { ($0.documentID, $0.paragraphs.count) }, prints)
    }

    /// Inserts fingerprinted documents in order and stores them as one
    /// transaction; if storing fails, the in-memory state is rolled back too.
    /// `beforeStoring` sees the results after they are computed and before
    /// the batch is stored; when it throws, the batch is rolled back and
    /// its error is rethrown (as `GalleyError`s are; others become
    /// `invalidArgument` with their description).
    func commit(_ documents: [(String, Int)], _ prints: [Fingerprint],
                journal: IndexStore.Journal? = nil,
                beforeStoring: (([DuplicateMatch?]) throws -> Void)? = nil) throws(GalleyError) -> [DuplicateMatch?] {
        let start = paragraphs.count
        bands.reserve(paragraphs: prints.count)
        paragraphs.reserveCapacity(start + prints.count)
        var results: [DuplicateMatch?] = []
        results.reserveCapacity(prints.count)
        var k = 0
        for (id, count) in documents {
            if store == nil { documentIDs.insert(id) }
            for i in 0..<count {
                results.append(insert(prints[k], documentID: id, paragraph: Int32(clamping: i)))
                k += 1
            }
        }
        if let beforeStoring {
            do {
                try beforeStoring(results)
            } catch {
                rollback(to: start)
                if let e = error as? GalleyError { throw e }
                throw .invalidArgument("\(error)")
            }
        }
        if let store, paragraphs.count > start || !(journal?.entries.isEmpty ?? true) {
            do {
                if start == 0 && paragraphs.count > start { try store.saveSettings(DedupIndex.settings(options)) }
                try store.append(Array(paragraphs[start...]), journal: journal)
            } catch {
                rollback(to: start)
                throw error
            }
        } else if let journal {
            for e in journal.entries { memoryJournal[journal.name, default: [:]][e.position] = e.article }
        }
        return results
    }

    // MARK: - Journal (resuming a run)

    /// In memory only: the journal (a file index keeps it in its store).
    private var memoryJournal: [String: [Int64: String]] = [:]

    /// The input positions (and article ids) the run `name` has committed,
    /// in position order: what `galley process --resume` skips.
    public func journal(named name: String) throws(GalleyError) -> [(position: Int64, article: String)] {
        if let store { return try store.journalEntries(name) }
        return (memoryJournal[name] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Forgets the run `name`: a new run of that name starts from scratch.
    public func clearJournal(named name: String) throws(GalleyError) {
        if let store { try store.clearJournal(name) } else { memoryJournal[name] = nil }
    }

    /// Forgets paragraphs from `start` on (after a failed store).
    private func rollback(to start: Int) {
        if store == nil { documentIDs = Set(paragraphs[..<start].map(\.documentID)) }
        let kept = Array(paragraphs[..<start])
        paragraphs.removeAll(keepingCapacity: true)
        exact.removeAll(keepingCapacity: true)
        bands = BandTable(bands: options.banding.bands)
        for p in kept {
            let position = Int32(paragraphs.count)
            paragraphs.append(p)
            if exact[p.exactHash] == nil { exact[p.exactHash] = position }
            bands.insert(p.bandKeys, position: position)
        }
    }

    /// Adds a batch of documents given as strings, as one unit (one
    /// transaction when the index has a file).
    public func add(documents: [(documentID: String, paragraphs: [String])]) throws(GalleyError) -> [DuplicateMatch?] {
        var bytes: [UInt8] = []
        var offsets: [Int] = [0]
        for d in documents {
            for p in d.paragraphs {
                bytes.append(contentsOf: p.utf8)
                offsets.append(bytes.count)
            }
        }
        let result = bytes.withUnsafeBufferPointer { all in
            Result { () throws(GalleyError) -> [DuplicateMatch?] in
                var k = 0
                var batch: [(documentID: String, paragraphs: [UnsafeBufferPointer<UInt8>])] = []
                batch.reserveCapacity(documents.count)
                for d in documents {
                    var ps: [UnsafeBufferPointer<UInt8>] = []
                    for _ in d.paragraphs {
                        ps.append(UnsafeBufferPointer(rebasing: all[offsets[k]..<offsets[k + 1]]))
                        k += 1
                    }
                    batch.append((d.documentID, ps))
                }
                return try add(batch: batch)
            }
        }
        return try result.get()
    }

    /// After a failed `add(batch:)`: the position (in the batch's paragraph
    /// order) of the paragraph that failed.
    public private(set) var failedItem: Int? = nil

    struct ItemError: Error { let item: Int; let error: GalleyError }

    /// Fingerprints every paragraph before any is inserted (so a failure
    /// leaves the index unchanged), reporting the failing item's position.
    /// (Fingerprinting on a second thread was measured on the dedup
    /// benchmark and gave no gain: 75–82k vs 76–78k paragraphs/s.)
    private func fingerprintAll(_ items: [UnsafeBufferPointer<UInt8>]) throws(ItemError) -> [Fingerprint] {
        var out: [Fingerprint] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            do { out.append(try fingerprinter.fingerprint(utf8: item)) } catch {
                throw ItemError(item: i, error: error)
            }
        }
        return out
    }

    /// Adds one fingerprinted paragraph.
    func insert(_ fp: Fingerprint, documentID: String, paragraph: Int32) -> DuplicateMatch? {
        let match = bestMatch(for: fp)
        let position = Int32(paragraphs.count)
        var stored = StoredParagraph(sequence: Int64(paragraphs.count), documentID: documentID,
                                     paragraph: paragraph, exactHash: fp.exactHash,
                                     tokenCount: Int32(clamping: fp.tokenCount),
                                     bandKeys: fp.bandKeys, shingles: fp.shingles)
        if let match {
            stored.duplicateOf = match.sequence
            stored.similarity = match.similarity
            stored.kind = match.kind.rawValue
        }
        paragraphs.append(stored)
        if exact[fp.exactHash] == nil { exact[fp.exactHash] = position }
        bands.insert(fp.bandKeys, position: position)
        return match
    }

    private func bestMatch(for fp: Fingerprint) -> DuplicateMatch? {
        // Nothing to compare (no letter or digit), or too short to mean
        // anything ("Share", "1"): never a duplicate (DedupOptions.minimumTokens).
        if fp.tokenCount == 0 || fp.tokenCount < options.minimumTokens { return nil }
        if let first = exact[fp.exactHash] {
            let p = paragraphs[Int(first)]
            return DuplicateMatch(documentID: p.documentID, paragraph: Int(p.paragraph),
                                  sequence: p.sequence, similarity: 1, kind: .exact)
        }
        guard !fp.bandKeys.isEmpty else { return nil }
        var best: (score: Double, kind: DuplicateKind, position: Int32)? = nil
        bands.forEachCandidate(fp.bandKeys) { position in
            let other = paragraphs[Int(position)]
            guard !other.shingles.isEmpty else { return }
            // A stored paragraph below the minimum is never the original.
            guard Int(other.tokenCount) >= options.minimumTokens else { return }
            let (inter, union, _) = overlap(fp.shingles, other.shingles)
            let jaccard = Double(inter) / Double(union)
            var score = 0.0
            var kind = DuplicateKind.near
            if jaccard >= options.threshold {
                score = jaccard
            } else if let c = options.containment {
                // The new paragraph contained in the earlier one: shared
                // over the new paragraph's shingles (never the earlier's).
                let containment = Double(inter) / Double(fp.shingles.count)
                guard containment >= c else { return }
                score = containment
                kind = .contained
            } else {
                return
            }
            // Near beats contained; then higher similarity; then earlier.
            if let b = best {
                let better = (kind == .near && b.kind == .contained)
                    || (kind == b.kind && (score > b.score || (score == b.score && position < b.position)))
                if !better { return }
            }
            best = (score, kind, position)
        }
        guard let best else { return nil }
        let p = paragraphs[Int(best.position)]
        return DuplicateMatch(documentID: p.documentID, paragraph: Int(p.paragraph), sequence: p.sequence,
                              similarity: best.score, kind: best.kind)
    }

    /// The stored paragraph with this global sequence, or nil out of range.
    public func paragraph(sequence: Int64) -> StoredParagraph? {
        guard sequence >= 0 && sequence < Int64(paragraphs.count) else { return nil }
        return paragraphs[Int(sequence)]
    }

    /// Duplicate clusters: each kept paragraph with the paragraphs that
    /// (directly or through others) duplicate it, in input order. Singletons
    /// are left out.
    public func clusters() -> [[StoredParagraph]] {
        var root = [Int](paragraphs.indices)
        func find(_ i: Int) -> Int {
            var i = i
            while root[i] != i { root[i] = root[root[i]]; i = root[i] }
            return i
        }
        for p in paragraphs {
            if let d = p.duplicateOf {
                let a = find(Int(p.sequence)), b = find(Int(d))
                if a != b { root[Swift.max(a, b)] = Swift.min(a, b) }
            }
        }
        var groups: [Int: [StoredParagraph]] = [:]
        for p in paragraphs { groups[find(Int(p.sequence)), default: []].append(p) }
        return groups.keys.sorted().compactMap { groups[$0]!.count > 1 ? groups[$0] : nil }
    }
}

/// Sizes of |A ∩ B|, |A ∪ B| and min(|A|, |B|) for sorted unique arrays.
@inline(__always)
func overlap(_ a: [UInt16], _ b: [UInt16]) -> (Int, Int, Int) {
    var i = 0, j = 0, inter = 0
    while i < a.count && j < b.count {
        if a[i] == b[j] { inter += 1; i += 1; j += 1 }
        else if a[i] < b[j] { i += 1 }
        else { j += 1 }
    }
    return (inter, a.count + b.count - inter, Swift.min(a.count, b.count))
}

/// LSH buckets: for every band, paragraphs with equal band keys, found
/// through one open-addressing table keyed by (band, key) and per-band chains.
struct BandTable {
    let bands: Int
    private var keys: [UInt64] = []        // (band << 32 | key) + 1; 0 = empty
    private var heads: [Int32] = []
    private var next: [Int32] = []         // per (position, band): previous in chain
    private var used = 0

    init(bands: Int) {
        self.bands = bands
        keys = [UInt64](repeating: 0, count: 1024)
        heads = [Int32](repeating: -1, count: 1024)
    }

    private func slot(for key: UInt64) -> Int {
        let mask = keys.count - 1
        var i = Int(truncatingIfNeeded: mix64(key)) & mask
        while keys[i] != 0 && keys[i] != key { i = (i + 1) & mask }
        return i
    }

    mutating func insert(_ bandKeys: [UInt32], position: Int32) {
        let base = Int(position) * bands
        if next.count < base + bands {
            next.append(contentsOf: repeatElement(-1, count: base + bands - next.count))
        }
        guard bandKeys.count == bands else { return }
        if (used + bands) * 2 > keys.count { grow() }
        for b in 0..<bands {
            let key = (UInt64(b) << 32 | UInt64(bandKeys[b])) &+ 1
            let s = slot(for: key)
            if keys[s] == 0 { keys[s] = key; used += 1 }
            next[base + b] = heads[s]
            heads[s] = position
        }
    }

    /// Calls `body` once per distinct earlier paragraph sharing a band key.
    func forEachCandidate(_ bandKeys: [UInt32], _ body: (Int32) -> Void) {
        guard bandKeys.count == bands else { return }
        // Usually few candidates per paragraph: a linear scan beats a Set.
        // Boilerplate and templated text can put thousands in one bucket:
        // past 64 the scan would be quadratic, so a Set takes over.
        var seen: [Int32] = []
        var many: Set<Int32>? = nil
        for b in 0..<bands {
            let key = (UInt64(b) << 32 | UInt64(bandKeys[b])) &+ 1
            let s = slot(for: key)
            guard keys[s] == key else { continue }
            var p = heads[s]
            while p >= 0 {
                if many != nil {
                    if many!.insert(p).inserted { body(p) }
                } else if !seen.contains(p) {
                    seen.append(p)
                    body(p)
                    if seen.count > 64 { many = Set(seen) }
                }
                p = next[Int(p) * bands + b]
            }
        }
    }

    /// Makes room for `paragraphs` more paragraphs at once (one rehash
    /// instead of several while a large batch goes in).
    mutating func reserve(paragraphs: Int) {
        var capacity = keys.count
        while (used + paragraphs * bands) * 2 > capacity { capacity *= 2 }
        if capacity > keys.count { grow(to: capacity) }
    }

    private mutating func grow() { grow(to: keys.count * 2) }

    private mutating func grow(to capacity: Int) {
        let oldKeys = keys, oldHeads = heads
        keys = [UInt64](repeating: 0, count: capacity)
        heads = [Int32](repeating: -1, count: capacity)
        for i in oldKeys.indices where oldKeys[i] != 0 {
            let s = slot(for: oldKeys[i])
            keys[s] = oldKeys[i]
            heads[s] = oldHeads[i]
        }
    }
}

/// Duplicates within one article: per paragraph, nil when kept or the
/// earlier paragraph it duplicates (paragraphs from `paragraphs(in:)`).
///
/// ```swift
/// let dups = try duplicateParagraphs(in: "Same text here for all.\n\nSame text here for all.")
/// // [nil, DuplicateMatch(paragraph: 0, similarity: 1, kind: .exact, ...)]
/// ```
public func duplicateParagraphs(in text: String, options: DedupOptions = DedupOptions())
    throws(GalleyError) -> [DuplicateMatch?] {
    let index = try DedupIndex(options: options)
    return try index.add(documentID: "", paragraphs: try paragraphs(in: text).map(String.init))
}

/// Duplicates within one text given as UTF-8 bytes (validated first).
public func duplicateParagraphs(utf8 bytes: UnsafeBufferPointer<UInt8>, options: DedupOptions = DedupOptions())
    throws(GalleyError) -> [DuplicateMatch?] {
    let spans = try Segmenter(.paragraph, language: "").segments(utf8: bytes)
    let index = try DedupIndex(options: options)
    return try index.add(batch: [(documentID: "", paragraphs: spans.map { UnsafeBufferPointer(rebasing: bytes[$0.range]) })])
}
