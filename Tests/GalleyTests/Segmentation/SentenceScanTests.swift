import CICUShim
import Testing
@testable import Galley

/// The shim finds sentence boundaries with a scan of its own where the
/// rules are the root's (UAX #29, no suppressions): these compare it with
/// ICU's iterator on random text made of the characters the rules look at.
struct SentenceScanTests {
    /// ICU's boundaries (`scan` false) or the scan's, for one text.
    private func bounds(_ text: String, language: String, scan: Bool) -> [Int] {
        var b: OpaquePointer? = nil
        var icu: Int32 = 0
        let rc = language.withCString {
            gshim_breaker_open(Int32(GSHIM_BREAK_SENTENCE), $0, 0, &b, &icu)
        }
        #expect(rc == Int32(GSHIM_OK))
        defer { gshim_breaker_close(b) }
        gshim_breaker_set_scan(b, scan ? 1 : 0)
        let bytes = Array(text.utf8)
        var out: UnsafePointer<Int>? = nil
        var statuses: UnsafePointer<Int32>? = nil
        var count = 0
        let run = bytes.withUnsafeBufferPointer {
            gshim_breaker_run(b, $0.baseAddress, $0.count, &out, &statuses, &count, &icu)
        }
        #expect(run == Int32(GSHIM_OK))
        return Array(UnsafeBufferPointer(start: out, count: count))
    }

    /// Every Sentence_Break class, in ASCII and beyond: terminators
    /// (".", "!", "?", "。", "．", "؟", "։", "⁇"), closers (quotes,
    /// brackets, « »), spaces (NBSP, U+3000), separators (CR, LF, NEL,
    /// LS, PS), SContinue (",", "-", ":", "–", "—"), letters of each case
    /// and OLetter, digits (ASCII, Arabic-Indic), Extend and Format (which
    /// the scan gives to ICU), other symbols, NUL, and 4-byte scalars.
    static let pieces: [String] = [
        ".", ".", ".", ".", "!", "?", "\"", "'", "(", ")", "[", "]", "{", "}", " ", " ", " ",
        "\t", "\n", "\r", "\r\n", ",", "-", ":", ";", "a", "b", "z", "A", "B", "Z", "0", "9",
        "#", "%", "*", "/", "\u{0}", "\u{B}", "\u{C}", "\u{7F}",
        "é", "É", "ß", "ж", "Ж", "α", "Ω", "漢", "א", "ا", "٣", "\u{3002}", "\u{FF0E}", "\u{FF01}",
        "\u{061F}", "\u{0589}", "\u{2047}", "\u{2024}", "\u{FE52}", "\u{037E}", "\u{2026}",
        "\u{201C}", "\u{201D}", "\u{2019}", "\u{AB}", "\u{BB}", "\u{300C}", "\u{300D}",
        "\u{A0}", "\u{3000}", "\u{2003}", "\u{85}", "\u{2028}", "\u{2029}", "\u{2013}", "\u{2014}",
        "\u{3001}", "\u{AD}", "\u{200B}", "\u{200D}", "\u{200E}", "\u{0301}", "\u{FEFF}",
        "\u{1F600}", "\u{1D400}", "\u{1D41A}", "\u{10400}", "\u{1D7CE}",
    ]

    /// Pieces that make boundaries more likely: sentence ends and starts.
    static let common: [String] = [". ", ". A", ".\" B", "? ", "!) ", "a. b", "Mr. X", "e.g. 5",
                                   "\n", "A.B", "x.Y", ". 1", ".) a", ". . .", "...", ".\"\n"]

    @Test(arguments: ["en", "", "de", "ru", "ja", "el"])
    func scanAgreesWithICU(language: String) {
        var rng = ScanRNG(seed: 0x5E47 &+ UInt64(language.utf8.count) &* 31
                          &+ UInt64(language.utf8.first ?? 0))
        var mismatches = 0
        for round in 0..<6000 {
            var s = ""
            let length = Int(rng.next() % 24) + 1
            for _ in 0..<length {
                if rng.next() % 3 == 0 {
                    s += Self.common[Int(rng.next() % UInt64(Self.common.count))]
                } else {
                    s += Self.pieces[Int(rng.next() % UInt64(Self.pieces.count))]
                }
            }
            let icu = bounds(s, language: language, scan: false)
            let scan = bounds(s, language: language, scan: true)
            if icu != scan {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record("round \(round), \(language): \(Array(s.unicodeScalars).map { String($0.value, radix: 16) }) ICU \(icu) scan \(scan)")
                }
            }
        }
        #expect(mismatches == 0)
    }

    /// Long lines, many lines, and lines given to ICU (a soft hyphen) between
    /// scanned ones: the offsets of every part line up.
    @Test func mixedLinesAgreeWithICU() {
        var text = ""
        for i in 0..<300 {
            text += "Line \(i) ends here. It has \"two\" sentences! "
            if i % 7 == 0 { text += "Soft\u{AD}hyphen. Next. " }
            if i % 5 == 0 { text += "Ещё одно предложение. Да.\r\n" } else { text += "\n" }
            if i % 11 == 0 { text += "\n\u{0301}accent first. Then.\u{2029}After. " }
        }
        #expect(bounds(text, language: "en", scan: true) == bounds(text, language: "en", scan: false))
        #expect(bounds("", language: "en", scan: true) == [])
    }
}

private struct ScanRNG: RandomNumberGenerator {
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
