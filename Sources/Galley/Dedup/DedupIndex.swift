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
    // The layout (IndexColumns.swift): columns, one shingle arena, interned
    // document ids, an exact-hash table and the LSH runs. About 230
    // bytes a news paragraph at 1M; see Benchmarks/dedup/GROWTH.md.
    private var columns = ParagraphColumns()
    private var documents = DocumentTable()
    private var exact = ExactTable()
    private var bands: BandIndex
    /// A file index: documents.id of each interned document, and the next
    /// free one. (In memory: empty.)
    private var documentRowIDs: [Int64] = []
    private var nextDocumentRowID: Int64 = 1

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
    public convenience init(path: String? = nil, options: DedupOptions = DedupOptions()) throws(GalleyError) {
        try self.init(path: path, options: options, minimumMerge: 1 << 14)
    }

    /// `minimumMerge`: how many recent LSH entries wait before they merge
    /// into the sorted runs (tests lower it; see BandIndex).
    init(path: String?, options: DedupOptions, minimumMerge: Int) throws(GalleyError) {
        self.options = options
        self.fingerprinter = try Fingerprinter(options: options)
        self.bands = BandIndex(bands: options.banding.bands, minimumMerge: minimumMerge)
        // In memory there is nothing to keep: no SQLite at all.
        guard let path else {
            self.store = nil
            return
        }
        let store = try IndexStore(path: path)
        self.store = store
        // The scan at open reads every row once: a small page cache serves
        // it (a 64 MiB one filled up and stayed: 64 bytes a paragraph at
        // 1M); then the cache that keeps the documents' name index in
        // memory for adds.
        try store.setCacheSize(kibibytes: 2 << 10)
        let settings = DedupIndex.settings(options)
        if let saved = try store.settings(), saved != settings {
            throw .invalidArgument("index '\(path)' was built with other fingerprint settings "
                                   + "(\(saved)); this index uses \(settings)")
        }
        try load(store)
        try store.setCacheSize(kibibytes: 64 << 10)
    }

    /// Reads the file into the in-memory layout, a chunk of LSH entries at a
    /// time (sorted into the runs), so opening needs little more memory
    /// than the open index.
    private func load(_ store: IndexStore) throws(GalleyError) {
        // documents.id -> interned index; ids are normally 1, 2, 3, …
        var rowToIndex: [Int64: UInt32] = [:]
        var contiguous = true
        documents.reserve(store.documentCount)
        try store.forEachDocument { id, name in
            let (i, _) = documents.intern(name)
            if contiguous && id != Int64(i) + 1 {
                contiguous = false
                for (k, row) in documentRowIDs.enumerated() { rowToIndex[row] = UInt32(k) }
            }
            if !contiguous { rowToIndex[id] = UInt32(i) }
            documentRowIDs.append(id)
            nextDocumentRowID = Swift.max(nextDocumentRowID, id + 1)
        }
        exact.reserve(store.count, column: columns.exactHash)
        // Every column sized once from the file (no doubling, no final copy
        // of the arena: the peak of a 10M open was 3.33 GB with them).
        let totals = try store.columnTotals()
        columns.reserve(paragraphs: store.count, arenaBytes: totals.shingleBytes, matches: totals.matches)
        var chunk = BandIndex.LoadChunk(bands: bands.bands, capacity: Swift.min(1 << 20, Swift.max(store.count, 1)))
        try store.forEachParagraph { p, documentRow throws(GalleyError) in
            let position = columns.count
            guard p.sequence == Int64(position) else {
                throw .invalidArgument("index '\(store.path ?? "")' is damaged: paragraph \(position) "
                                       + "has sequence \(p.sequence)")
            }
            let document: UInt32
            if contiguous {
                guard documentRow >= 1 && documentRow <= Int64(documents.count) else {
                    throw .invalidArgument("index '\(store.path ?? "")' is damaged: paragraph \(position) "
                                           + "has an unknown document")
                }
                document = UInt32(documentRow - 1)
            } else {
                guard let d = rowToIndex[documentRow] else {
                    throw .invalidArgument("index '\(store.path ?? "")' is damaged: paragraph \(position) "
                                           + "has an unknown document")
                }
                document = d
            }
            let first = exact.first(p.exactHash, in: columns.exactHash)
            columns.append(exactHash: p.exactHash, tokenCount: p.tokenCount, document: document,
                           paragraph: p.paragraph, shingles: first == nil ? p.shingles : nil,
                           scratch: &encodeScratch)
            if first == nil { exact.insert(p.exactHash, position: position) }
            if let d = p.duplicateOf {
                guard d >= 0 && d < Int64(position) else {
                    throw .invalidArgument("index '\(store.path ?? "")' is damaged: paragraph \(position) "
                                           + "duplicates \(d)")
                }
                columns.matchPosition.append(UInt32(position))
                columns.matchOf.append(UInt32(d))
                columns.matchSimilarity.append(p.similarity)
                columns.matchKind.append(p.kind)
            }
            if first == nil && p.bandKeys.count == bands.bands {
                chunk.append(p.bandKeys, position: position)
                if chunk.isFull { bands.bulkLoad(&chunk) }
            }
        }
        bands.bulkLoad(&chunk)
        exact.commit()
        columns.shrink()
        store.releaseCache()
    }

    /// Scratch space: one paragraph's shingles encoded (append), and a
    /// candidate's decoded (verification).
    private var encodeScratch: [UInt8] = []
    private var decodeScratch: [UInt16] = []

    /// Bytes the in-memory layout holds, by structure (array capacities;
    /// RSS adds the allocator's own overhead): what the growth benchmark
    /// reports per paragraph.
    /// Bytes of coded shingle sets in the arena.
    var arenaBytes: Int { columns.arena.count }

    package var footprint: [(String, Int)] {
        columns.footprint + bands.footprint + [("exactTable", exact.footprintBytes), ("documents", documents.footprintBytes)]
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

    /// Whether a paragraph of a document with this id is stored (to resume a
    /// run). The rule is the same in memory and in a file, before and after
    /// reopening: a document is in the index once a committed batch stored
    /// at least one of its paragraphs. A document added with no paragraphs
    /// is not (nothing of it is stored), nor is one whose only batch was
    /// refused (rolled back).
    public func contains(documentID: String) throws(GalleyError) -> Bool {
        documents.index(of: documentID) != nil
    }

    /// Paragraphs in the index.
    public var count: Int { columns.count }

    /// LSH candidates handed to verification since the index was opened
    /// (each distinct candidate of each paragraph once): what
    /// `DedupOptions.candidatesPerBucket` bounds, counted for its tests.
    package private(set) var candidatesVisited = 0

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
    ///
    /// Cost: proportional to the batch (and the candidates it meets), not
    /// to what the index holds. Every structure reserves room for the batch
    /// first and records what the batch changes, so a rollback undoes
    /// exactly that; a commit only forgets the record.
    func commit(_ batchDocuments: [(String, Int)], _ prints: [Fingerprint],
                journal: IndexStore.Journal? = nil,
                beforeStoring: (([DuplicateMatch?]) throws -> Void)? = nil) throws(GalleyError) -> [DuplicateMatch?] {
        let start = columns.count
        let startArena = columns.arena.count
        let startDocuments = documents.count
        guard start + prints.count < Int(UInt32.max) else {
            throw .invalidArgument("the index is full (it holds at most 2^32 - 1 paragraphs)")
        }
        bands.reserve(paragraphs: prints.count)
        exact.reserve(prints.count, column: columns.exactHash)
        documents.reserve(batchDocuments.count)
        var results: [DuplicateMatch?] = []
        results.reserveCapacity(prints.count)
        var k = 0
        do throws(GalleyError) {
            for (id, count) in batchDocuments where count > 0 {
                let (document, added) = documents.intern(id)
                if added && store != nil {
                    documentRowIDs.append(nextDocumentRowID)
                    nextDocumentRowID += 1
                }
                for i in 0..<count {
                    results.append(try insert(prints[k], document: document, paragraph: Int32(clamping: i)))
                    k += 1
                }
            }
        } catch {
            rollback(to: start, arena: startArena, documents: startDocuments)
            throw error
        }
        if let beforeStoring {
            do {
                try beforeStoring(results)
            } catch {
                rollback(to: start, arena: startArena, documents: startDocuments)
                if let e = error as? GalleyError { throw e }
                throw .invalidArgument("\(error)")
            }
        }
        if let store, columns.count > start || !(journal?.entries.isEmpty ?? true) {
            do {
                if start == 0 && columns.count > start { try store.saveSettings(DedupIndex.settings(options)) }
                var rows: [StoredParagraph] = []
                var rowDocuments: [Int64] = []
                rows.reserveCapacity(prints.count)
                rowDocuments.reserveCapacity(prints.count)
                for (i, fp) in prints.enumerated() {
                    let position = start + i
                    var row = StoredParagraph(sequence: Int64(position), documentID: "",
                                              paragraph: columns.paragraph(position), exactHash: fp.exactHash,
                                              tokenCount: columns.tokenCount(position),
                                              bandKeys: fp.bandKeys, shingles: fp.shingles)
                    if let m = results[i] {
                        row.duplicateOf = m.sequence
                        row.similarity = m.similarity
                        row.kind = m.kind.rawValue
                    }
                    rows.append(row)
                    rowDocuments.append(documentRowIDs[columns.document(position)])
                }
                var newDocuments: [(id: Int64, name: String)] = []
                for d in startDocuments ..< documents.count {
                    newDocuments.append((documentRowIDs[d], documents.name(d)))
                }
                try store.append(rows, journal: journal,
                                 documents: IndexStore.DocumentRows(rows: rowDocuments, new: newDocuments))
            } catch {
                rollback(to: start, arena: startArena, documents: startDocuments)
                throw error
            }
        } else if let journal {
            for e in journal.entries { memoryJournal[journal.name, default: [:]][e.position] = e.article }
        }
        exact.commit()
        bands.commit()
        return results
    }

    // MARK: - Journal (resuming a run)

    /// In memory only: the journal (a file index keeps it in its store).
    private var memoryJournal: [String: [Int64: String]] = [:]

    /// The input positions (and article ids) the run `name` has committed,
    /// in position order: what `galley process --resume` skips. Package
    /// access: the journal belongs to the batch runner and the CLI, not to
    /// the library's public API.
    package func journal(named name: String) throws(GalleyError) -> [(position: Int64, article: String)] {
        if let store { return try store.journalEntries(name) }
        return (memoryJournal[name] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Forgets the run `name`: a new run of that name starts from scratch.
    package func clearJournal(named name: String) throws(GalleyError) {
        if let store { try store.clearJournal(name) } else { memoryJournal[name] = nil }
    }

    /// Forgets the batch in flight (after a failed store or callback), in
    /// time proportional to the batch.
    private func rollback(to start: Int, arena: Int, documents startDocuments: Int) {
        bands.rollback()
        exact.rollback()
        columns.truncate(to: start, arena: arena)
        documents.truncate(to: startDocuments)
        if store != nil {
            nextDocumentRowID -= Int64(documentRowIDs.count - startDocuments)
            documentRowIDs.removeSubrange(startDocuments...)
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

    /// Adds one fingerprinted paragraph. An exact repeat of an earlier
    /// paragraph gets no LSH entries of its own and shares that one's
    /// shingles: any later paragraph it could match, it matches with the
    /// same similarity as the earlier one, which wins the tie.
    private func insert(_ fp: Fingerprint, document: Int, paragraph: Int32) throws(GalleyError) -> DuplicateMatch? {
        let position = columns.count
        let first = exact.first(fp.exactHash, in: columns.exactHash)
        let match = bestMatch(for: fp, exactFirst: first)
        columns.append(exactHash: fp.exactHash, tokenCount: Int32(clamping: fp.tokenCount),
                       document: UInt32(document), paragraph: paragraph, shingles: first == nil ? fp.shingles : nil,
                       scratch: &encodeScratch)
        if let match {
            columns.matchPosition.append(UInt32(position))
            columns.matchOf.append(UInt32(match.sequence))
            columns.matchSimilarity.append(match.similarity)
            columns.matchKind.append(match.kind.rawValue)
        }
        if first == nil {
            exact.insert(fp.exactHash, position: position)
            bands.insert(fp.bandKeys, position: position)
        }
        return match
    }

    private func bestMatch(for fp: Fingerprint, exactFirst: Int?) -> DuplicateMatch? {
        // Nothing to compare (no letter or digit), or too short to mean
        // anything ("Share", "1"): never a duplicate (DedupOptions.minimumTokens).
        if fp.tokenCount == 0 || fp.tokenCount < options.minimumTokens { return nil }
        if let first = exactFirst {
            return DuplicateMatch(documentID: documents.name(columns.document(first)),
                                  paragraph: Int(columns.paragraph(first)),
                                  sequence: Int64(first), similarity: 1, kind: .exact)
        }
        guard !fp.bandKeys.isEmpty else { return nil }
        var best: (score: Double, kind: DuplicateKind, position: Int)? = nil
        candidatesVisited += bands.forEachCandidate(fp.bandKeys, limit: options.candidatesPerBucket) { position in
            // A stored paragraph below the minimum is never the original.
            guard Int(columns.tokenCount(position)) >= options.minimumTokens else { return }
            // Candidates are kept paragraphs (exact repeats have no LSH
            // entries): their shingles are in the arena, coded losslessly,
            // so verification compares the same full sets as ever.
            guard let at = columns.shingleBytes(at: position) else { return }
            let n = columns.decodeShingles(at: at, into: &decodeScratch)
            guard n > 0 else { return }
            let (inter, union, _) = overlap(fp.shingles, decodeScratch[0 ..< n])
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
        return DuplicateMatch(documentID: documents.name(columns.document(best.position)),
                              paragraph: Int(columns.paragraph(best.position)), sequence: Int64(best.position),
                              similarity: best.score, kind: best.kind)
    }

    /// The stored paragraph with this global sequence, or nil out of range.
    /// Its `bandKeys` are empty: the index keeps band keys only in its LSH
    /// runs (the file keeps them per paragraph).
    public func paragraph(sequence: Int64) -> StoredParagraph? {
        guard sequence >= 0 && sequence < Int64(columns.count) else { return nil }
        let i = Int(sequence)
        // An exact repeat shares the shingles of the first paragraph with its hash.
        let owner = columns.shingleBytes(at: i) != nil ? i : (exact.first(columns.exactHash[i], in: columns.exactHash) ?? i)
        var shingles: [UInt16] = []
        if let at = columns.shingleBytes(at: owner) {
            let n = columns.decodeShingles(at: at, into: &shingles)
            shingles.removeSubrange(n...)
        }
        var p = StoredParagraph(sequence: sequence, documentID: documents.name(columns.document(i)),
                                paragraph: columns.paragraph(i), exactHash: columns.exactHash[i],
                                tokenCount: columns.tokenCount(i), bandKeys: [], shingles: shingles)
        if let m = columns.match(at: i) {
            p.duplicateOf = Int64(m.of)
            p.similarity = m.similarity
            p.kind = m.kind
        }
        return p
    }

    /// Duplicate clusters: each kept paragraph with the paragraphs that
    /// (directly or through others) duplicate it, in input order. Singletons
    /// are left out.
    public func clusters() -> [[StoredParagraph]] {
        let n = columns.count
        var root = [Int](0..<n)
        func find(_ i: Int) -> Int {
            var i = i
            while root[i] != i { root[i] = root[root[i]]; i = root[i] }
            return i
        }
        for (k, p) in columns.matchPosition.enumerated() {
            let a = find(Int(p)), b = find(Int(columns.matchOf[k]))
            if a != b { root[Swift.max(a, b)] = Swift.min(a, b) }
        }
        var groups: [Int: [Int]] = [:]
        for p in columns.matchPosition { groups[find(Int(p)), default: []].append(Int(p)) }
        return groups.keys.sorted().map { r in
            ([r] + groups[r]!).sorted().map { paragraph(sequence: Int64($0))! }
        }
    }
}

/// Sizes of |A ∩ B|, |A ∪ B| and min(|A|, |B|) for sorted unique arrays.
@inline(__always)
func overlap(_ a: [UInt16], _ b: ArraySlice<UInt16>) -> (Int, Int, Int) {
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            var i = 0, j = 0, inter = 0
            while i < a.count && j < b.count {
                if a[i] == b[j] { inter += 1; i += 1; j += 1 }
                else if a[i] < b[j] { i += 1 }
                else { j += 1 }
            }
            return (inter, a.count + b.count - inter, Swift.min(a.count, b.count))
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
