#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The in-memory layout of a DedupIndex: paragraphs column by column, one
// arena for all shingle sets, document ids interned once per document, and
// LSH buckets as sorted runs plus a small hash table of recent entries.
//
// Every structure grows by appending (amortised constant per paragraph) and
// undoes the batch in flight exactly, in time proportional to the batch: a
// batch reserves its room first (so no table is rehashed while it goes in),
// records what it changed, and either forgets that record (commit) or
// reverts it (rollback). Nothing is copied for the possibility of a
// rollback.

/// Paragraphs column by column (position = sequence).
///
/// What a kept news paragraph costs here (about 60 shingles): exact hash 8,
/// token count 2, shingle offset 4, its shingles Rice-coded in the arena
/// (~1.4 bytes each, as the file stores them), and its share of a document
/// run (12 bytes per run of consecutive paragraphs of one document). An
/// exact repeat costs 14 bytes and its run share: it keeps no shingles.
struct ParagraphColumns {
    var exactHash: [UInt64] = []
    /// Token counts up to 65,534; larger ones are 65,535 here and exact in
    /// `largeTokenCounts` (by increasing position).
    var tokenCountSmall: [UInt16] = []
    var largeTokenCounts: [(position: UInt32, count: Int32)] = []
    /// Runs of consecutive positions of one document with consecutive
    /// paragraph numbers (one run per document per batch, as a rule):
    /// the first position, the document (DocumentTable index) and the
    /// first paragraph number.
    var runStart: [UInt32] = []
    var runDocument: [UInt32] = []
    var runParagraph: [Int32] = []
    /// Paragraph i's shingles (ShingleCoding's bytes) start at
    /// `blockBase[i >> blockShift] + shingleOffset[i]` in `arena`; an exact
    /// repeat has `repeatOffset` there and shares the shingles of the first
    /// paragraph with its hash.
    var shingleOffset: [UInt32] = []
    var blockBase: [Int] = []
    var arena: [UInt8] = []
    static let blockShift = 12
    static let repeatOffset = UInt32.max
    /// Duplicates only, by increasing position: the earlier paragraph, the
    /// similarity and the kind.
    var matchPosition: [UInt32] = []
    var matchOf: [UInt32] = []
    var matchSimilarity: [Double] = []
    var matchKind: [UInt8] = []

    var count: Int { exactHash.count }

    func tokenCount(_ i: Int) -> Int32 {
        let small = tokenCountSmall[i]
        if small < UInt16.max { return Int32(small) }
        var lo = 0, hi = largeTokenCounts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if largeTokenCounts[mid].position < UInt32(i) { lo = mid + 1 } else { hi = mid }
        }
        return largeTokenCounts[lo].count
    }

    /// The run holding position `i`.
    @inline(__always)
    private func run(_ i: Int) -> Int {
        var lo = 0, hi = runStart.count   // last run with start <= i
        let target = UInt32(i)
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if runStart[mid] <= target { lo = mid } else { hi = mid }
        }
        return lo
    }

    func document(_ i: Int) -> Int { Int(runDocument[run(i)]) }

    func paragraph(_ i: Int) -> Int32 {
        let r = run(i)
        return runParagraph[r] + Int32(i - Int(runStart[r]))
    }

    /// Where kept paragraph i's shingle bytes start, or nil for an exact
    /// repeat.
    @inline(__always)
    func shingleBytes(at i: Int) -> Int? {
        let o = shingleOffset[i]
        if o == Self.repeatOffset { return nil }
        return blockBase[i >> Self.blockShift] + Int(o)
    }

    /// Appends one paragraph's columns; `shingles` nil for an exact repeat.
    mutating func append(exactHash: UInt64, tokenCount: Int32, document: UInt32, paragraph: Int32,
                         shingles: [UInt16]?, scratch: inout [UInt8]) {
        let i = count
        if i & ((1 << Self.blockShift) - 1) == 0 { blockBase.append(arena.count) }
        if let shingles {
            shingleOffset.append(UInt32(arena.count - blockBase[i >> Self.blockShift]))
            ShingleCoding.encode(shingles, into: &scratch)
            arena.append(contentsOf: scratch)
        } else {
            shingleOffset.append(Self.repeatOffset)
        }
        self.exactHash.append(exactHash)
        if tokenCount >= Int32(UInt16.max) || tokenCount < 0 {
            tokenCountSmall.append(UInt16.max)
            largeTokenCounts.append((UInt32(i), tokenCount))
        } else {
            tokenCountSmall.append(UInt16(tokenCount))
        }
        if let last = runStart.indices.last, runDocument[last] == document,
           Int(runParagraph[last]) + (i - Int(runStart[last])) == Int(paragraph) {
            // continues the run
        } else {
            runStart.append(UInt32(i))
            runDocument.append(document)
            runParagraph.append(paragraph)
        }
    }

    /// The match stored for position `i`, or nil when it was kept.
    func match(at i: Int) -> (of: Int, similarity: Double, kind: UInt8)? {
        var lo = 0, hi = matchPosition.count
        let target = UInt32(i)
        while lo < hi {
            let mid = (lo + hi) / 2
            if matchPosition[mid] < target { lo = mid + 1 } else { hi = mid }
        }
        guard lo < matchPosition.count, matchPosition[lo] == target else { return nil }
        return (Int(matchOf[lo]), matchSimilarity[lo], matchKind[lo])
    }

    /// Forgets positions from `n` on (they are the last ones added) and
    /// arena bytes from `arena` on.
    mutating func truncate(to n: Int, arena arenaCount: Int) {
        if arenaCount < arena.count { arena.removeSubrange(arenaCount...) }
        guard n < count else { return }
        exactHash.removeSubrange(n...)
        tokenCountSmall.removeSubrange(n...)
        while let last = largeTokenCounts.last, last.position >= UInt32(n) { largeTokenCounts.removeLast() }
        shingleOffset.removeSubrange(n...)
        let blocks = (n + (1 << Self.blockShift) - 1) >> Self.blockShift
        if blocks < blockBase.count { blockBase.removeSubrange(blocks...) }
        while let last = runStart.last, last >= UInt32(n) {
            runStart.removeLast()
            runDocument.removeLast()
            runParagraph.removeLast()
        }
        var m = matchPosition.count
        while m > 0 && matchPosition[m - 1] >= UInt32(n) { m -= 1 }
        matchPosition.removeSubrange(m...)
        matchOf.removeSubrange(m...)
        matchSimilarity.removeSubrange(m...)
        matchKind.removeSubrange(m...)
    }

    /// Bytes held, by column (capacities: what the allocator gave).
    var footprint: [(String, Int)] {
        [("exactHash", exactHash.capacity * 8),
         ("tokenCount", tokenCountSmall.capacity * 2 + largeTokenCounts.capacity * 8),
         ("documentRuns", runStart.capacity * 4 + runDocument.capacity * 4 + runParagraph.capacity * 4),
         ("shingleOffsets", shingleOffset.capacity * 4 + blockBase.capacity * 8),
         ("shingleArena", arena.capacity),
         ("matches", matchPosition.capacity * 4 + matchOf.capacity * 4 + matchSimilarity.capacity * 8
            + matchKind.capacity)]
    }

    /// Room for `paragraphs` more paragraphs, `arenaBytes` more bytes of
    /// shingles and `matches` more matches, each column allocated once at
    /// that size (opening a file, which knows its totals).
    mutating func reserve(paragraphs: Int, arenaBytes: Int, matches: Int) {
        let n = count + paragraphs, m = matchPosition.count + matches
        exactHash.reserveCapacity(n)
        tokenCountSmall.reserveCapacity(n)
        shingleOffset.reserveCapacity(n)
        blockBase.reserveCapacity((n >> Self.blockShift) + 1)
        arena.reserveCapacity(arena.count + arenaBytes)
        matchPosition.reserveCapacity(m)
        matchOf.reserveCapacity(m)
        matchSimilarity.reserveCapacity(m)
        matchKind.reserveCapacity(m)
    }

    /// Gives back the growth slack of every column (after a bulk load).
    mutating func shrink() {
        func fit<T>(_ a: inout [T]) {
            if a.capacity > a.count + a.count / 64 + 16 { a = a.withUnsafeBufferPointer { Array($0) } }
        }
        fit(&exactHash); fit(&tokenCountSmall); fit(&largeTokenCounts)
        fit(&runStart); fit(&runDocument); fit(&runParagraph)
        fit(&shingleOffset); fit(&blockBase); fit(&arena)
        fit(&matchPosition); fit(&matchOf); fit(&matchSimilarity); fit(&matchKind)
    }
}

/// Document ids, each stored once: UTF-8 bytes in one arena, and an
/// open-addressing table (index + 1; 0 = empty) to find them by name.
struct DocumentTable {
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []
    private var slots = [UInt32](repeating: 0, count: 16)

    var count: Int { ends.count }

    var footprintBytes: Int { bytes.capacity + ends.capacity * 8 + slots.capacity * 4 }

    func name(_ i: Int) -> String {
        let start = i == 0 ? 0 : ends[i - 1]
        return bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start ..< ends[i]]), as: UTF8.self)
        }
    }

    private static func hash(_ name: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        var i = 0
        while i + 8 <= name.count {
            var w: UInt64 = 0
            for k in 0..<8 { w |= UInt64(name[i + k]) << UInt64(8 * k) }
            h = mix64(h ^ w)
            i += 8
        }
        var w: UInt64 = UInt64(name.count) << 56
        for k in 0..<(name.count - i) { w |= UInt64(name[i + k]) << UInt64(8 * k) }
        return mix64(h ^ w)
    }

    private func equal(_ i: Int, _ name: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = i == 0 ? 0 : ends[i - 1]
        guard ends[i] - start == name.count else { return false }
        return bytes.withUnsafeBufferPointer { b in
            for k in 0..<name.count where b[start + k] != name[k] { return false }
            return true
        }
    }

    /// (index when present, the slot where it is or would go).
    private func find(_ name: UnsafeBufferPointer<UInt8>) -> (Int?, Int) {
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: Self.hash(name)) & mask
        while slots[s] != 0 {
            let i = Int(slots[s]) - 1
            if equal(i, name) { return (i, s) }
            s = (s + 1) & mask
        }
        return (nil, s)
    }

    func index(of name: String) -> Int? {
        var name = name
        return name.withUTF8 { find($0).0 }
    }

    /// Makes room for `more` names without rehashing.
    mutating func reserve(_ more: Int) {
        var capacity = slots.count
        while (count + more) * 10 > capacity * 7 { capacity *= 2 }
        guard capacity > slots.count else { return }
        slots = [UInt32](repeating: 0, count: capacity)
        for i in 0..<count {
            let start = i == 0 ? 0 : ends[i - 1]
            let slot = bytes.withUnsafeBufferPointer { find(UnsafeBufferPointer(rebasing: $0[start ..< ends[i]])).1 }
            slots[slot] = UInt32(i + 1)
        }
    }

    /// The index of `name`, added when new (after `reserve`).
    mutating func intern(_ name: String) -> (index: Int, added: Bool) {
        var name = name
        return name.withUTF8 { n in
            let (found, slot) = find(n)
            if let found { return (found, false) }
            if (count + 1) * 10 > slots.count * 7 { reserve(1); return intern(String(decoding: n, as: UTF8.self)) }
            bytes.append(contentsOf: n)
            ends.append(bytes.count)
            slots[slot] = UInt32(count)
            return (count - 1, true)
        }
    }

    /// Forgets names from `n` on, the newest first (exact when no
    /// `reserve` grew the table since they were added).
    mutating func truncate(to n: Int) {
        while count > n {
            let i = count - 1
            let start = i == 0 ? 0 : ends[i - 1]
            let slot = bytes.withUnsafeBufferPointer { find(UnsafeBufferPointer(rebasing: $0[start ..< ends[i]])).1 }
            slots[slot] = 0
            ends.removeLast()
            bytes.removeSubrange(start...)
        }
    }
}

/// Exact hash -> first position, as an open-addressing table of
/// positions + 1 (the hash is read from the column).
struct ExactTable {
    private var slots = [UInt32](repeating: 0, count: 16)
    private var used = 0
    private var undo: [Int] = []

    var footprintBytes: Int { slots.capacity * 4 + undo.capacity * 8 }

    func first(_ hash: UInt64, in column: [UInt64]) -> Int? {
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: hash) & mask
        while slots[s] != 0 {
            let p = Int(slots[s]) - 1
            if column[p] == hash { return p }
            s = (s + 1) & mask
        }
        return nil
    }

    /// Room for `more` entries without rehashing (so a batch can be undone).
    mutating func reserve(_ more: Int, column: [UInt64]) {
        var capacity = slots.count
        while (used + more) * 10 > capacity * 7 { capacity *= 2 }
        guard capacity > slots.count else { return }
        let old = slots
        slots = [UInt32](repeating: 0, count: capacity)
        let mask = capacity - 1
        for v in old where v != 0 {
            var s = Int(truncatingIfNeeded: column[Int(v) - 1]) & mask
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = v
        }
    }

    /// Records `position` as the first with `hash` (the caller checked that
    /// there is none), after `reserve`.
    mutating func insert(_ hash: UInt64, position: Int) {
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: hash) & mask
        while slots[s] != 0 { s = (s + 1) & mask }
        slots[s] = UInt32(position + 1)
        used += 1
        undo.append(s)
    }

    mutating func commit() { undo.removeAll(keepingCapacity: true) }

    mutating func rollback() {
        for s in undo.reversed() { slots[s] = 0 }
        used -= undo.count
        undo.removeAll(keepingCapacity: true)
    }
}

/// LSH buckets: for every band, the positions whose band key is equal.
///
/// Per band, most entries live in a sorted run: each entry is the key's
/// low 16 bits and the position, bit-packed at a fixed width (16 + the bits
/// of the largest position: 36 bits at a million paragraphs, 40 at ten
/// million), ordered by (key, position), with a directory of 65,537
/// offsets by the keys' high 16 bits. Entries added since the last merge
/// live in a per-band list of (key << 32 | position), each linked to the
/// previous recent entry with its key, and an open-addressing table of
/// (key << 32 | the newest entry's index + 1) by distinct key: adding an
/// entry is constant time however full its bucket is, and a bucket's recent
/// entries come newest first. When the recent entries reach 1/32 of the run
/// (and at least `minimumMerge`), a committed batch merges them in: a
/// linear pass per band, so each entry is copied a bounded number of times
/// (amortised constant), one band at a time (so the extra memory is one
/// band's run). A batch in flight is only in the recent lists and is undone
/// there exactly. The keys are kept exactly (high bits in the directory,
/// low bits in the entry), so the candidates are exactly the paragraphs that
/// share a band key (the most recent `limit` of each bucket: see
/// `forEachCandidate`).
struct BandIndex {
    let bands: Int
    private var packed: [MappedWords]
    private var positionBits: [Int]
    private var directory: [[UInt32]]
    /// Per band: recent entries (key << 32 | position) in insertion order,
    /// the index + 1 of the previous recent entry with the same key (0:
    /// none), and the table of distinct keys (key << 32 | newest index + 1).
    private var recentEntries: [[UInt64]]
    private var recentPrevious: [[UInt32]]
    private var recentHeads: [[UInt64]]
    private(set) var recentCount = 0     // entries per band in `recent`
    private var runCount = 0             // entries per band in the runs
    private var undo: [Int] = []         // head slot * bands + band, this batch
    /// Recent entries merge into the runs from this many on (or 1/32 of
    /// the runs, when more). Tests lower it to exercise merges.
    let minimumMerge: Int

    init(bands: Int, minimumMerge: Int = 1 << 14) {
        self.bands = bands
        self.minimumMerge = minimumMerge
        packed = (0..<bands).map { _ in MappedWords(words: 1) }
        positionBits = Array(repeating: 1, count: bands)
        directory = Array(repeating: [], count: bands)
        recentEntries = Array(repeating: [], count: bands)
        recentPrevious = Array(repeating: [], count: bands)
        recentHeads = Array(repeating: [UInt64](repeating: 0, count: 64), count: bands)
    }

    @inline(__always)
    private static func hash(_ key: UInt32) -> Int { Int(truncatingIfNeeded: mix64(UInt64(key))) }

    /// Entry `i` of a packed run of `width`-bit entries.
    @inline(__always)
    private static func entry(_ words: UnsafeMutableBufferPointer<UInt64>, _ i: Int, width: Int) -> UInt64 {
        let bit = i &* width
        let w = bit >> 6, s = bit & 63
        var v = words[w] &>> UInt64(s)
        if s + width > 64 { v |= words[w + 1] &<< UInt64(64 - s) }
        return v & ((1 &<< UInt64(width)) &- 1)
    }

    /// Room for `more` paragraphs in the recent lists and tables without
    /// rehashing or reallocating.
    mutating func reserve(paragraphs more: Int) {
        // Geometric growth: reserveCapacity allocates exactly what it is
        // asked, so asking for one batch more each time would copy the
        // lists every batch.
        if recentEntries[0].capacity < recentCount + more {
            let room = Swift.max(recentCount + more, 2 * recentEntries[0].capacity, 64)
            for b in 0..<bands {
                recentEntries[b].reserveCapacity(room)
                recentPrevious[b].reserveCapacity(room)
            }
        }
        var capacity = recentHeads[0].count
        while (recentCount + more) * 10 > capacity * 7 { capacity *= 2 }
        guard capacity > recentHeads[0].count else { return }
        let mask = capacity - 1
        for b in 0..<bands {
            let old = recentHeads[b]
            recentHeads[b] = []
            var table = [UInt64](repeating: 0, count: capacity)
            for e in old where e != 0 {
                var s = Self.hash(UInt32(truncatingIfNeeded: e >> 32)) & mask
                while table[s] != 0 { s = (s + 1) & mask }
                table[s] = e
            }
            recentHeads[b] = table
        }
    }

    /// Adds a paragraph's keys (after `reserve`).
    mutating func insert(_ bandKeys: [UInt32], position p: Int) {
        guard bandKeys.count == bands else { return }
        let mask = recentHeads[0].count - 1
        for b in 0..<bands {
            let key = bandKeys[b]
            let index = recentEntries[b].count
            var s = Self.hash(key) & mask
            var previous: UInt32 = 0
            recentHeads[b].withUnsafeMutableBufferPointer { t in
                while t[s] != 0 && UInt32(truncatingIfNeeded: t[s] >> 32) != key { s = (s + 1) & mask }
                previous = UInt32(truncatingIfNeeded: t[s])
                t[s] = UInt64(key) << 32 | UInt64(index + 1)
            }
            recentEntries[b].append(UInt64(key) << 32 | UInt64(UInt32(p)))
            recentPrevious[b].append(previous)
            undo.append(s * bands + b)
        }
        recentCount += 1
    }

    /// Calls `body` once per distinct earlier paragraph among the `limit`
    /// most recent (highest positions) of each bucket the paragraph's band
    /// keys fall in (`limit` 0: every one). So at most bands × limit
    /// candidates, found in time proportional to that (plus a binary search
    /// per band), however large the buckets: a bucket that many paragraphs
    /// share without being duplicates (templated text) costs a bounded
    /// amount per paragraph instead of its size. Returns how many distinct
    /// candidates it visited.
    @discardableResult
    func forEachCandidate(_ bandKeys: [UInt32], limit: Int = 0, _ body: (Int) -> Void) -> Int {
        guard bandKeys.count == bands else { return 0 }
        let limit = limit > 0 ? limit : Int.max
        let mask = recentHeads[0].count - 1
        // At a million paragraphs the runs and directories (~100 MB) are far
        // out of cache: each band's lookup is a directory miss then a run
        // miss. Done band after band, the 2 × 21 misses of a paragraph
        // queue one behind the other; so the lookups run in rounds, every
        // band's loads of one round independent of each other (the core
        // overlaps them), and only the last round visits, in the same order
        // as before: recent entries of band 0, its run's, band 1's, …
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * bands) { found -> Int in
            // Usually few candidates per paragraph: a linear scan beats a Set.
            // Boilerplate and templated text can put thousands in one bucket:
            // past 64 the scan would be quadratic, so a Set takes over.
            var seen: [Int32] = []
            var many: Set<Int32>? = nil
            var visited = 0
            func visit(_ p: Int32) {
                if many != nil {
                    if many!.insert(p).inserted { visited += 1; body(Int(p)) }
                } else if !seen.contains(p) {
                    seen.append(p)
                    visited += 1
                    body(Int(p))
                    if seen.count > 64 { many = Set(seen) }
                }
            }
            // Round 1: the recent table's first slot and the directory's bounds.
            for b in 0..<bands {
                let key = bandKeys[b]
                found[3 &* b] = Int(truncatingIfNeeded: recentHeads[b][Self.hash(key) & mask])
                if runCount > 0 {
                    let hi = Int(key >> 16)
                    found[3 &* b &+ 1] = Int(directory[b][hi])
                    found[3 &* b &+ 2] = Int(directory[b][hi &+ 1])
                }
            }
            // Round 2: touch each bucket's first and last words (no branch
            // on what was loaded, so the loads of all bands overlap); the
            // searches of round 3 then find their lines in cache.
            if runCount > 0 {
                var sink: UInt64 = 0
                for b in 0..<bands {
                    let width = 16 &+ positionBits[b]
                    let words = packed[b].buffer
                    sink &+= words[(found[3 &* b &+ 1] &* width) &>> 6]
                    sink &+= words[(found[3 &* b &+ 2] &* width) &>> 6]
                }
                packed[0].touched = sink   // a store the optimizer must keep, and with it the loads
            }
            // Round 3: visit.
            for b in 0..<bands {
                let key = bandKeys[b]
                var left = limit
                // Recent entries first (they are newer than every run entry),
                // newest first.
                var s = Self.hash(key) & mask
                var e = UInt64(truncatingIfNeeded: found[3 &* b])
                while e != 0 {
                    if UInt32(truncatingIfNeeded: e >> 32) == key {
                        var i = Int(UInt32(truncatingIfNeeded: e))
                        while i != 0 && left > 0 {
                            visit(Int32(truncatingIfNeeded: UInt32(truncatingIfNeeded: recentEntries[b][i - 1])))
                            left -= 1
                            i = Int(recentPrevious[b][i - 1])
                        }
                        break
                    }
                    s = (s + 1) & mask
                    e = recentHeads[b][s]
                }
                if runCount > 0 && left > 0 {
                    // The run's entries with this key, from the last (newest) back.
                    let lo16 = UInt64(key & 0xFFFF)
                    let pbits = UInt64(positionBits[b])
                    let width = 16 + positionBits[b]
                    let pmask: UInt64 = (1 << pbits) - 1
                    let first = found[3 &* b &+ 1]
                    let words = packed[b].buffer
                    var lo = first, h = found[3 &* b &+ 2]
                    while lo < h {   // the first entry past the key
                        let mid = (lo + h) / 2
                        if Self.entry(words, mid, width: width) >> pbits <= lo16 { lo = mid + 1 } else { h = mid }
                    }
                    var i = lo - 1
                    while i >= first && left > 0 {
                        let e = Self.entry(words, i, width: width)
                        guard e >> pbits == lo16 else { break }
                        visit(Int32(truncatingIfNeeded: e & pmask))
                        left -= 1
                        i -= 1
                    }
                }
            }
            return visited
        }
    }

    /// Keeps the batch; merges the recent entries into the runs when they
    /// have grown to their share.
    mutating func commit() {
        undo.removeAll(keepingCapacity: true)
        if recentCount >= Swift.max(minimumMerge, runCount / 32) { merge() }
    }

    /// Forgets the batch since the last commit, newest entry first.
    mutating func rollback() {
        let paragraphs = undo.count / Swift.max(bands, 1)
        for u in undo.reversed() {
            let b = u % bands, s = u / bands
            let previous = recentPrevious[b].removeLast()
            let e = recentEntries[b].removeLast()
            // The key's newest entry is now the one before it (or none: the
            // slot was empty before it, and every key added after it is
            // already gone, so emptying the slot breaks no probe chain).
            recentHeads[b][s] = previous == 0 ? 0 : (e >> 32) << 32 | UInt64(previous)
        }
        recentCount -= paragraphs
        undo.removeAll(keepingCapacity: true)
    }

    /// Moves every recent entry into the runs, and shrinks the recent
    /// tables back to what `minimumMerge` entries need.
    mutating func merge() {
        var capacity = 64
        while minimumMerge * 10 > capacity * 7 { capacity *= 2 }
        for b in 0..<bands {
            var fresh = recentEntries[b]   // key << 32 | position
            recentEntries[b] = []
            recentPrevious[b] = []
            if recentHeads[b].count > capacity {
                recentHeads[b] = []
                recentHeads[b] = [UInt64](repeating: 0, count: capacity)
            } else {
                for i in recentHeads[b].indices { recentHeads[b][i] = 0 }
            }
            fresh.withUnsafeMutableBufferPointer { mergeRun(band: b, $0) }
        }
        runCount += recentCount
        recentCount = 0
    }

    /// LSH entries gathered while a file is opened, up to `capacity`
    /// paragraphs, band by band, in their own pages (so they leave no heap
    /// behind once the file is open).
    struct LoadChunk {
        let bands: Int, capacity: Int
        let words: MappedWords
        private(set) var count = 0
        init(bands: Int, capacity: Int) {
            self.bands = bands
            self.capacity = capacity
            words = MappedWords(words: bands * capacity)
        }
        var isFull: Bool { count == capacity }
        /// One paragraph's keys (exactly `bands` of them).
        mutating func append(_ keys: [UInt32], position: Int) {
            for b in 0..<bands { words.buffer[b * capacity + count] = UInt64(keys[b]) << 32 | UInt64(position) }
            count += 1
        }
        mutating func clear() { count = 0 }
    }

    /// Adds the chunk's entries straight to the runs (what opening a file
    /// does, a chunk at a time) and empties it.
    mutating func bulkLoad(_ chunk: inout LoadChunk) {
        let n = chunk.count
        guard n > 0 else { return }
        for b in 0..<bands {
            mergeRun(band: b, UnsafeMutableBufferPointer(rebasing: chunk.words.buffer[b * chunk.capacity ..< b * chunk.capacity + n]))
        }
        chunk.clear()
        runCount += n
    }

    /// Bytes held: the runs, their directories, the recent tables.
    var footprint: [(String, Int)] {
        [("lshRuns", packed.reduce(0) { $0 + $1.buffer.count * 8 }),
         ("lshDirectories", directory.reduce(0) { $0 + $1.capacity * 4 }),
         ("lshRecent", recentHeads.reduce(0) { $0 + $1.capacity * 8 } + recentEntries.reduce(0) { $0 + $1.capacity * 8 }
            + recentPrevious.reduce(0) { $0 + $1.capacity * 4 } + undo.capacity * 8)]
    }

    private mutating func mergeRun(band b: Int, _ entries: UnsafeMutableBufferPointer<UInt64>) {
        var fresh = entries   // the same memory: sorted in place
        fresh.sort()
        let old = runCount
        let total = old + fresh.count
        // Positions are below 2^32; the largest decides the width.
        var largest: UInt64 = 0
        for f in fresh { largest = Swift.max(largest, f & 0xFFFF_FFFF) }
        let oldBits = UInt64(positionBits[b])
        var newBits = oldBits
        while largest &>> newBits != 0 { newBits += 1 }
        if old > 0 && newBits == oldBits {
            mergeSameWidth(band: b, fresh, bits: oldBits)
            return
        }
        let oldWidth = 16 &+ Int(oldBits), newWidth = 16 &+ Int(newBits)
        let run = MappedWords(words: (total * newWidth + 63) / 64 + 1)
        let out = run.buffer
        var dir = [UInt32](repeating: 0, count: 65537)
        let oldWords = packed[b].buffer
        let oldMask: UInt64 = (1 &<< oldBits) &- 1
        let oldEntryMask: UInt64 = (1 &<< UInt64(oldWidth)) &- 1
        directory[b].withUnsafeBufferPointer { oldDir in
            dir.withUnsafeMutableBufferPointer { dir in
                do {
                    var acc: UInt64 = 0, accBits = 0, w = 0
                    var i = 0, j = 0, bucket = 0
                    var oldKey: UInt64 = .max   // key << 32 | position of old entry i
                    var bucketEnd = old > 0 ? Int(oldDir[1]) : 0
                    var bit = 0
                    @inline(__always) func loadOld() {
                        while bucketEnd <= i { bucket &+= 1; bucketEnd = Int(oldDir[bucket &+ 1]) }
                        let wi = bit &>> 6, sh = bit & 63
                        var e = oldWords[wi] &>> UInt64(sh)
                        if sh &+ oldWidth > 64 { e |= oldWords[wi &+ 1] &<< UInt64(64 &- sh) }
                        e &= oldEntryMask
                        bit &+= oldWidth
                        oldKey = (UInt64(bucket) &<< 16 | e &>> oldBits) &<< 32 | (e & oldMask)
                    }
                    if old > 0 { loadOld() }
                    while i < old || j < fresh.count {
                        let k: UInt64
                        if i < old && (j == fresh.count || oldKey <= fresh[j]) {
                            k = oldKey
                            i &+= 1
                            if i < old { loadOld() }
                        } else {
                            k = fresh[j]
                            j &+= 1
                        }
                        let key = UInt32(truncatingIfNeeded: k &>> 32)
                        let v = UInt64(key & 0xFFFF) &<< newBits | (k & 0xFFFF_FFFF)
                        acc |= v &<< UInt64(accBits)
                        accBits &+= newWidth
                        if accBits >= 64 {
                            out[w] = acc
                            w &+= 1
                            accBits &-= 64
                            acc = accBits == 0 ? 0 : v &>> UInt64(newWidth &- accBits)
                        }
                        dir[Int(key &>> 16) &+ 1] &+= 1
                    }
                    if accBits > 0 { out[w] = acc }
                }
                for h in 0..<65536 { dir[h + 1] &+= dir[h] }
            }
        }
        packed[b] = run
        positionBits[b] = Int(newBits)
        directory[b] = dir
    }

    /// `mergeRun` when the positions' width does not change (every merge
    /// but the few where the largest position passes a power of two): the
    /// old entries between two fresh ones are copied as one stretch of bits,
    /// 64 at a time, instead of being decoded and re-encoded one by one (at
    /// 1/32 of the run per merge, about 32 old entries lie between two
    /// fresh ones). Each fresh entry finds its place by a binary search in
    /// its bucket; the new directory is the old one plus the fresh entries
    /// counted below each bucket. Same bits as the general merge.
    private mutating func mergeSameWidth(band b: Int, _ fresh: UnsafeMutableBufferPointer<UInt64>, bits: UInt64) {
        let old = runCount
        let total = old + fresh.count
        let width = 16 &+ Int(bits)
        let run = MappedWords(words: (total * width + 63) / 64 + 1)
        let src = packed[b].buffer
        var dir = [UInt32](repeating: 0, count: 65537)
        directory[b].withUnsafeBufferPointer { oldDir in
            dir.withUnsafeMutableBufferPointer { dir in
                var writer = BitWriter(run.buffer)
                var copied = 0   // old entries written so far
                for f in fresh {
                    let key = UInt32(truncatingIfNeeded: f &>> 32)
                    let hi = Int(key &>> 16)
                    let v = UInt64(key & 0xFFFF) &<< bits | (f & 0xFFFF_FFFF)
                    var lo = Swift.max(copied, Int(oldDir[hi])), h = Int(oldDir[hi &+ 1])
                    while lo < h {   // the first old entry of the bucket above v
                        let mid = (lo &+ h) &>> 1
                        if Self.entry(src, mid, width: width) <= v { lo = mid &+ 1 } else { h = mid }
                    }
                    writer.copy(from: src, bit: copied &* width, count: (lo &- copied) &* width)
                    writer.append(v, bits: width)
                    copied = lo
                    dir[hi &+ 1] &+= 1
                }
                writer.copy(from: src, bit: copied &* width, count: (old &- copied) &* width)
                writer.finish()
                var below: UInt32 = 0
                for h in 0..<65536 {
                    below &+= dir[h &+ 1]
                    dir[h &+ 1] = oldDir[h &+ 1] &+ below
                }
            }
        }
        packed[b] = run
        directory[b] = dir
    }
}

/// Writes a packed run: values of 1–64 bits appended one after another
/// into 64-bit words, lowest bits first.
struct BitWriter {
    let out: UnsafeMutableBufferPointer<UInt64>
    private var word = 0
    private var acc: UInt64 = 0
    private var accBits = 0

    init(_ out: UnsafeMutableBufferPointer<UInt64>) { self.out = out }

    /// Appends the low `n` bits of `v` (1 ≤ n ≤ 64; `v` has no higher bits).
    @inline(__always)
    mutating func append(_ v: UInt64, bits n: Int) {
        acc |= v &<< UInt64(accBits)
        accBits &+= n
        if accBits >= 64 {
            out[word] = acc
            word &+= 1
            accBits &-= 64
            acc = accBits == 0 ? 0 : v &>> UInt64(n &- accBits)
        }
    }

    /// Appends `count` bits of `src` starting at bit `start`, 64 at a time.
    /// `src` has a readable word past its last bit (runs are allocated so).
    @inline(__always)
    mutating func copy(from src: UnsafeMutableBufferPointer<UInt64>, bit start: Int, count: Int) {
        var s = start, left = count
        while left >= 64 {
            let w = s &>> 6, sh = s & 63
            var v = src[w] &>> UInt64(sh)
            if sh != 0 { v |= src[w &+ 1] &<< UInt64(64 &- sh) }
            append(v, bits: 64)
            s &+= 64
            left &-= 64
        }
        if left > 0 {
            let w = s &>> 6, sh = s & 63
            var v = src[w] &>> UInt64(sh)
            if sh &+ left > 64 { v |= src[w &+ 1] &<< UInt64(64 &- sh) }
            append(v & ((1 &<< UInt64(left)) &- 1), bits: left)
        }
    }

    /// Writes the last, partial word.
    mutating func finish() { if accBits > 0 { out[word] = acc } }
}

/// Words in their own pages (mmap), zero-filled: freed, their memory goes
/// back to the system at once. One band's packed run (runs are replaced by
/// larger ones at every merge; from the heap, the freed runs stayed
/// resident as holes: 50 bytes a paragraph at 1M), or the LSH entries
/// gathered while a file is opened. A run is immutable once filled.
final class MappedWords {
    let buffer: UnsafeMutableBufferPointer<UInt64>
    /// Where `BandIndex.forEachCandidate` drops the sum of the words it
    /// touched to bring their lines into cache (read by nothing).
    @exclusivity(unchecked) var touched: UInt64 = 0

    init(words: Int) {
        let bytes = Swift.max(words, 1) * 8
        if let p = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), p != MAP_FAILED {
            buffer = UnsafeMutableBufferPointer(start: p.bindMemory(to: UInt64.self, capacity: words), count: words)
        } else {
            let p = UnsafeMutablePointer<UInt64>.allocate(capacity: Swift.max(words, 1))
            p.initialize(repeating: 0, count: Swift.max(words, 1))
            buffer = UnsafeMutableBufferPointer(start: p, count: words)
            mapped = false
        }
    }

    private var mapped = true

    deinit {
        if mapped {
            munmap(UnsafeMutableRawPointer(buffer.baseAddress!), Swift.max(buffer.count, 1) * 8)
        } else {
            buffer.baseAddress!.deallocate()
        }
    }
}

extension ParagraphColumns {
    /// Decodes the shingles at `offset` in the arena (ShingleCoding's
    /// format, written by `append`) into `out`, which grows as needed, and
    /// returns how many there are. The arena holds only what `append`
    /// encoded, so no check is repeated here.
    func decodeShingles(at offset: Int, into out: inout [UInt16]) -> Int {
        arena.withUnsafeBufferPointer { bytes in
            var pos = offset
            var n = 0, shift = 0
            while true {
                let b = bytes[pos]
                pos += 1
                n |= Int(b & 0x7F) << shift
                shift += 7
                if b & 0x80 == 0 { break }
            }
            if n == 0 { return 0 }
            if out.count < n { out = [UInt16](repeating: 0, count: Swift.max(n, 2 * out.count)) }
            let k = UInt64(ShingleCoding.riceParameter(n))
            let mask: UInt64 = (1 &<< k) &- 1
            let end = bytes.count
            var acc: UInt64 = 0
            var avail = 0
            var previous = -1
            out.withUnsafeMutableBufferPointer { values in
                for v in 0..<n {
                    var q = 0
                    while true {
                        while avail <= 56 && pos < end {
                            acc |= UInt64(bytes[pos]) &<< UInt64(avail)
                            avail += 8
                            pos += 1
                        }
                        let zeros = acc.trailingZeroBitCount
                        if zeros < avail {
                            q += zeros
                            acc = (acc &>> UInt64(zeros)) &>> 1
                            avail -= zeros + 1
                            break
                        }
                        q += avail
                        acc = 0
                        avail = 0
                    }
                    while avail < Int(k) && pos < end {
                        acc |= UInt64(bytes[pos]) &<< UInt64(avail)
                        avail += 8
                        pos += 1
                    }
                    let value = previous + 1 + (q << Int(k) | Int(acc & mask))
                    acc = acc &>> k
                    avail -= Int(k)
                    values[v] = UInt16(truncatingIfNeeded: value)
                    previous = value
                }
            }
            return n
        }
    }
}
