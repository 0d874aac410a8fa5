import CICUShim
import Testing
@testable import Galley

/// Long runs of combining marks: the shim hands ICU a long chunk as its
/// decomposition with the marks presorted (ICU 72's own reordering is
/// quadratic there). These check that presorting never changes a result.
struct NormalizeLinearityTests {
    /// One chunk through the shim, with presorting forced on or off.
    private func chunk(_ text: String, form: Int32, presort: Bool) throws -> [UInt8] {
        var n: OpaquePointer? = nil
        var icu: Int32 = 0
        #expect(gshim_normalizer_open(form, &n, &icu) == GSHIM_OK)
        defer { gshim_normalizer_close(n) }
        gshim_normalizer_set_presort(n, presort ? 0 : Int.max)
        let bytes = Array(text.utf8)
        var out: UnsafePointer<UInt8>? = nil
        var count = 0
        var changed: Int32 = 0
        let rc = bytes.withUnsafeBufferPointer {
            gshim_normalizer_chunk(n, $0.baseAddress, $0.count, &out, &count, &changed, &icu)
        }
        #expect(rc == GSHIM_OK)
        return Array(UnsafeBufferPointer(start: out, count: count))
    }

    /// Starters (plain, precomposed, Hangul), marks of many classes, and
    /// non-starters that decompose (U+0344, U+0F73, U+0F75) or compose.
    static let pieces: [String] = [
        "a", "e", "\u{1EA1}", "\u{00E9}", "\u{AC00}", "\u{1100}", "\u{1161}", "\u{11A8}",
        "\u{0301}", "\u{0323}", "\u{0302}", "\u{0308}", "\u{0327}", "\u{0344}", "\u{0F73}", "\u{0F75}",
        "\u{05B0}", "\u{0334}", "\u{0345}", "\u{093C}", "\u{3099}", "\u{FB2C}", "\u{2126}", "\u{FDFA}",
        "\u{1D15E}", "\u{1D165}", "\u{0CC6}", "\u{0CD5}",
    ]

    @Test(arguments: [Int32(GSHIM_FORM_NFC), Int32(GSHIM_FORM_NFKC)])
    func presortedChunksNormalizeAlike(form: Int32) throws {
        var rng = LinearityRNG(seed: 12)
        for _ in 0..<400 {
            var s = ""
            for _ in 0..<Int.random(in: 1...40, using: &rng) { s += Self.pieces.randomElement(using: &rng)! }
            #expect(try chunk(s, form: form, presort: true) == chunk(s, form: form, presort: false), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func longAlternatingMarksNormalizeCorrectly() throws {
        // a + (U+0301 U+0323)×n: canonical order puts the below marks (220)
        // first; a + U+0323 composes to U+1EA1, nothing else composes.
        for n in [10, 100, 5000] {
            let text = "a" + String(repeating: "\u{0301}\u{0323}", count: n)
            let expected = "\u{1EA1}" + String(repeating: "\u{0323}", count: n - 1)
                + String(repeating: "\u{0301}", count: n)
            #expect(try normalize(text).text.unicodeScalars.elementsEqual(expected.unicodeScalars))
        }
    }
}

/// A small deterministic generator (the tests must not depend on a seed the
/// platform picks).
private struct LinearityRNG: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
