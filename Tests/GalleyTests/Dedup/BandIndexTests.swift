import Testing
@testable import Galley

/// The LSH band index against a plain model (every key's positions in a
/// dictionary): the same candidates in the same order, with and without a
/// bound, across merges, including the merges where the positions' width
/// grows (a run is re-encoded) and the ones where it does not (old entries
/// are copied as stretches of bits).
@Suite struct BandIndexTests {
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
    }

    /// Keys drawn so that buckets collide on all 32 bits (few distinct low
    /// keys), on the high 16 bits only, and not at all.
    static func key(_ g: inout Generator) -> UInt32 {
        let r = g.next()
        switch r % 3 {
        case 0: return UInt32(truncatingIfNeeded: r >> 8) % 40                       // 40 keys, one directory bucket
        case 1: return UInt32(truncatingIfNeeded: (r >> 8) % 7) << 16 | UInt32(truncatingIfNeeded: r >> 20) & 0xFFFF
        default: return UInt32(truncatingIfNeeded: r >> 16)
        }
    }

    static func expected(_ model: [[UInt32: [Int]]], _ keys: [UInt32], limit: Int) -> [Int] {
        var out: [Int] = [], seen = Set<Int>()
        for (b, key) in keys.enumerated() {
            for p in (model[b][key] ?? []).reversed().prefix(limit > 0 ? limit : Int.max) where seen.insert(p).inserted {
                out.append(p)
            }
        }
        return out
    }

    @Test(arguments: [16, 100, 1 << 30])
    func candidatesMatchAModelAcrossMerges(minimumMerge: Int) {
        let bands = 5
        var index = BandIndex(bands: bands, minimumMerge: minimumMerge)
        var model = [[UInt32: [Int]]](repeating: [:], count: bands)
        var g = Generator(state: 0x1234_5678_9ABC_DEF1)
        var position = 0
        var checked = 0
        // 2,600 paragraphs in batches of 1–9: positions pass 2^7 … 2^11,
        // so several merges change the width and the rest keep it.
        while position < 2600 {
            let batch = Int(g.next() % 9) + 1
            index.reserve(paragraphs: batch)
            for _ in 0..<batch {
                let keys = (0..<bands).map { _ in Self.key(&g) }
                for limit in [0, 3] {
                    var got: [Int] = []
                    index.forEachCandidate(keys, limit: limit) { got.append($0) }
                    #expect(got == Self.expected(model, keys, limit: limit))
                    checked += 1
                }
                index.insert(keys, position: position)
                for b in 0..<bands { model[b][keys[b], default: []].append(position) }
                position += 1
            }
            index.commit()
        }
        #expect(checked == 2 * position)
        // A final look at every key of one bucket-heavy band after the last merge.
        if minimumMerge < 1 << 30 { index.merge() }
        for key in model[0].keys.sorted().prefix(200) {
            var keys = (0..<bands).map { _ in UInt32.max }
            keys[0] = key
            var got: [Int] = []
            index.forEachCandidate(keys) { got.append($0) }
            #expect(got == Self.expected(model, keys, limit: 0))
        }
    }
}
