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
struct ParagraphColumns {
    var exactHash: [UInt64] = []
    var tokenCount: [Int32] = []
    /// Index into the DocumentTable.
    var document: [UInt32] = []
    var paragraph: [Int32] = []
    /// Paragraph i's shingles are `shingles[shingleStart[i] ..< shingleEnd[i]]`.
    /// An exact duplicate shares the range of the paragraph it repeats.
    var shingleStart: [UInt32] = []
    var shingleEnd: [UInt32] = []
    var shingles: [UInt16] = []
    /// Duplicates only, by increasing position: the earlier paragraph, the
    /// similarity and the kind.
    var matchPosition: [UInt32] = []
    var matchOf: [UInt32] = []
    var matchSimilarity: [Double] = []
    var matchKind: [UInt8] = []

    var count: Int { exactHash.count }

    @inline(__always)
    func shingles(at i: Int) -> ArraySlice<UInt16> {
        shingles[Int(shingleStart[i]) ..< Int(shingleEnd[i])]
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
    /// shingles from `arena` on.
    mutating func truncate(to n: Int, arena: Int) {
        if arena < shingles.count { shingles.removeSubrange(arena...) }
        guard n < count else { return }
        exactHash.removeSubrange(n...)
        tokenCount.removeSubrange(n...)
        document.removeSubrange(n...)
        paragraph.removeSubrange(n...)
        shingleStart.removeSubrange(n...)
        shingleEnd.removeSubrange(n...)
        var m = matchPosition.count
        while m > 0 && matchPosition[m - 1] >= UInt32(n) { m -= 1 }
        matchPosition.removeSubrange(m...)
        matchOf.removeSubrange(m...)
        matchSimilarity.removeSubrange(m...)
        matchKind.removeSubrange(m...)
    }
}

/// Document ids, each stored once: UTF-8 bytes in one arena, and an
/// open-addressing table (index + 1; 0 = empty) to find them by name.
struct DocumentTable {
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []
    private var slots = [UInt32](repeating: 0, count: 16)

    var count: Int { ends.count }

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
/// Per band, most entries live in a sorted run: the keys' low 16 bits and
/// the positions in two flat arrays (6 bytes an entry), ordered by (key,
/// position), with a directory of 65,537 offsets by the keys' high 16 bits.
/// Entries added since the last merge live in an open-addressing table of
/// (key << 32 | position + 1) per band. When the recent entries reach 1/32
/// of the run (and at least 2^16), a committed batch merges them in: a
/// linear pass per band, so each entry is copied a bounded number of times
/// (amortised constant), one band at a time (so the extra memory is one
/// band's run). A batch in flight is only in the recent tables and is
/// undone there exactly.
struct BandIndex {
    let bands: Int
    private var low: [[UInt16]]
    private var position: [[UInt32]]
    private var directory: [[UInt32]]
    private var recent: [[UInt64]]
    private(set) var recentCount = 0     // entries per band in `recent`
    private var runCount = 0             // entries per band in the runs
    private var undo: [Int] = []         // slot * bands + band, this batch
    /// Recent entries merge into the runs from this many on (or 1/32 of
    /// the runs, when more). Tests lower it to exercise merges.
    let minimumMerge: Int

    init(bands: Int, minimumMerge: Int = 1 << 16) {
        self.bands = bands
        self.minimumMerge = minimumMerge
        low = Array(repeating: [], count: bands)
        position = Array(repeating: [], count: bands)
        directory = Array(repeating: [], count: bands)
        recent = Array(repeating: [UInt64](repeating: 0, count: 64), count: bands)
    }

    @inline(__always)
    private static func hash(_ key: UInt32) -> Int { Int(truncatingIfNeeded: mix64(UInt64(key))) }

    /// Room for `more` paragraphs in the recent tables without rehashing.
    mutating func reserve(paragraphs more: Int) {
        var capacity = recent[0].count
        while (recentCount + more) * 10 > capacity * 7 { capacity *= 2 }
        guard capacity > recent[0].count else { return }
        let mask = capacity - 1
        for b in 0..<bands {
            let old = recent[b]
            var table = [UInt64](repeating: 0, count: capacity)
            for e in old where e != 0 {
                var s = Self.hash(UInt32(truncatingIfNeeded: e >> 32)) & mask
                while table[s] != 0 { s = (s + 1) & mask }
                table[s] = e
            }
            recent[b] = table
        }
    }

    /// Adds a paragraph's keys (after `reserve`).
    mutating func insert(_ bandKeys: [UInt32], position p: Int) {
        guard bandKeys.count == bands else { return }
        let mask = recent[0].count - 1
        let entry = UInt64(UInt32(p + 1))
        for b in 0..<bands {
            let key = bandKeys[b]
            var s = Self.hash(key) & mask
            recent[b].withUnsafeMutableBufferPointer { t in
                while t[s] != 0 { s = (s + 1) & mask }
                t[s] = UInt64(key) << 32 | entry
            }
            undo.append(s * bands + b)
        }
        recentCount += 1
    }

    /// Calls `body` once per distinct earlier paragraph sharing a band key.
    func forEachCandidate(_ bandKeys: [UInt32], _ body: (Int) -> Void) {
        guard bandKeys.count == bands else { return }
        // Usually few candidates per paragraph: a linear scan beats a Set.
        // Boilerplate and templated text can put thousands in one bucket:
        // past 64 the scan would be quadratic, so a Set takes over.
        var seen: [Int32] = []
        var many: Set<Int32>? = nil
        func visit(_ p: Int32) {
            if many != nil {
                if many!.insert(p).inserted { body(Int(p)) }
            } else if !seen.contains(p) {
                seen.append(p)
                body(Int(p))
                if seen.count > 64 { many = Set(seen) }
            }
        }
        let mask = recent[0].count - 1
        for b in 0..<bands {
            let key = bandKeys[b]
            if runCount > 0 {
                let hi = Int(key >> 16), lo16 = UInt16(truncatingIfNeeded: key)
                let d = directory[b]
                var lo = Int(d[hi]), end = Int(d[hi + 1])
                var h = end
                while lo < h {
                    let mid = (lo + h) / 2
                    if low[b][mid] < lo16 { lo = mid + 1 } else { h = mid }
                }
                while lo < end && low[b][lo] == lo16 {
                    visit(Int32(bitPattern: position[b][lo]))
                    lo += 1
                }
            }
            var s = Self.hash(key) & mask
            while true {
                let e = recent[b][s]
                if e == 0 { break }
                if UInt32(truncatingIfNeeded: e >> 32) == key {
                    visit(Int32(truncatingIfNeeded: e & 0xFFFF_FFFF) - 1)
                }
                s = (s + 1) & mask
            }
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
        for u in undo.reversed() { recent[u % bands][u / bands] = 0 }
        recentCount -= paragraphs
        undo.removeAll(keepingCapacity: true)
    }

    /// Moves every recent entry into the runs.
    mutating func merge() {
        for b in 0..<bands {
            var fresh: [UInt64] = []
            fresh.reserveCapacity(recentCount)
            for e in recent[b] where e != 0 { fresh.append(e - 1) }   // key << 32 | position
            for i in recent[b].indices { recent[b][i] = 0 }
            mergeRun(band: b, fresh)
        }
        runCount += recentCount
        recentCount = 0
    }

    /// Adds entries (key << 32 | position, any order) straight to the runs:
    /// what opening a file does, a chunk at a time.
    mutating func bulkLoad(_ chunk: inout [[UInt64]]) {
        guard let n = chunk.first?.count, n > 0 else { return }
        for b in 0..<bands {
            mergeRun(band: b, chunk[b])
            chunk[b].removeAll(keepingCapacity: true)
        }
        runCount += n
    }

    private mutating func mergeRun(band b: Int, _ entries: [UInt64]) {
        var fresh = entries
        fresh.sort()
        let old = runCount
        var newLow = [UInt16](), newPos = [UInt32]()
        newLow.reserveCapacity(old + fresh.count)
        newPos.reserveCapacity(old + fresh.count)
        var dir = [UInt32](repeating: 0, count: 65537)
        var i = 0, j = 0
        let oldLow = low[b], oldPos = position[b], oldDir = directory[b]
        // Walk the old run bucket by bucket (its high 16 bits from the directory).
        var bucket = 0
        func oldKey(_ i: Int) -> UInt64 {
            while Int(oldDir[bucket + 1]) <= i { bucket += 1 }
            return UInt64(bucket) << 16 | UInt64(oldLow[i])
        }
        while i < old || j < fresh.count {
            let takeOld: Bool
            var key: UInt64
            if i < old && j < fresh.count {
                let ko = oldKey(i) << 32 | UInt64(oldPos[i])
                takeOld = ko <= fresh[j]
                key = takeOld ? ko : fresh[j]
            } else if i < old {
                takeOld = true
                key = oldKey(i) << 32 | UInt64(oldPos[i])
            } else {
                takeOld = false
                key = fresh[j]
            }
            if takeOld { i += 1 } else { j += 1 }
            let k = UInt32(truncatingIfNeeded: key >> 32)
            newLow.append(UInt16(truncatingIfNeeded: k))
            newPos.append(UInt32(truncatingIfNeeded: key))
            dir[Int(k >> 16) + 1] += 1
        }
        for h in 0..<65536 { dir[h + 1] += dir[h] }
        low[b] = []
        position[b] = []
        low[b] = newLow
        position[b] = newPos
        directory[b] = dir
    }
}
