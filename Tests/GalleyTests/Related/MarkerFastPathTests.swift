import Testing
@testable import Galley

/// `matchMarker` decides most lines on their first ASCII word without
/// folding the line (`asciiFirstWord`); these tests hold the fast path to
/// the fold it replaces.
@Suite("Marker matching: the ASCII first word agrees with the fold")
struct MarkerFastPathTests {
    /// The fold's first word, as `matchMarker` computed it before the fast path.
    func foldedFirstWord(_ line: String) -> [UInt8]? {
        var copy = line
        return copy.withUTF8 { b -> [UInt8]? in
            let f = foldMarker(b, 0, b.count, limit: 48).folded
            return f.isEmpty ? nil : Array(f.prefix { $0 != 0x20 })
        }
    }

    func fastFirstWord(_ line: String) -> _ASCIIFirstWord {
        var copy = line
        return copy.withUTF8 { asciiFirstWord($0, 0, $0.count, limit: 48) }
    }

    func bytes(_ k: _ASCIIWordKey) -> [UInt8] {
        var out: [UInt8] = []
        for i in 0..<k.count {
            let word: UInt64 = i < 8 ? k.lo : k.hi
            let shift = UInt64((i % 8) * 8)
            out.append(UInt8(truncatingIfNeeded: word >> shift))
        }
        return out
    }

    @Test("Hand-written lines", arguments: [
        "Read also:", "READ ALSO", "read-also", "  (Related)", "Don't miss", "Don`t miss", "'''", "...", "",
        "Related:[x](https://e.org)", "12 things", "Ähnliche Beiträge", "Lesen Sie auch", "Читайте также",
        "Leggi anche", "a-very-long-first-word-that-goes-past-sixteen-bytes here", "x", "Más noticias",
        "Mehr zum Thema", "More\u{00A0}stories", "More\tstories", "関連記事", "\u{2019}Related",
    ])
    func agrees(_ line: String) {
        switch fastFirstWord(line) {
        case .none: #expect(foldedFirstWord(line) == nil, "\(line)")
        case .word(let k): #expect(foldedFirstWord(line) == bytes(k), "\(line)")
        case .unknown: break                 // the caller folds, as before
        }
    }

    @Test func generatedLinesAgree() {
        // Lines of ASCII letters, digits, punctuation and spaces, some with
        // a non-ASCII letter, from a fixed linear congruential sequence.
        let alphabet = Array("aZ9 '`-:[]()*#_.\tQé".unicodeScalars)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var decided = 0
        for _ in 0..<5000 {
            var line = ""
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let length = Int(state >> 59) + 1
            for _ in 0..<length {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                line.unicodeScalars.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            switch fastFirstWord(line) {
            case .none: #expect(foldedFirstWord(line) == nil, "\(line)"); decided += 1
            case .word(let k): #expect(foldedFirstWord(line) == bytes(k), "\(line)"); decided += 1
            case .unknown: break
            }
        }
        #expect(decided > 2500)
    }

    @Test func everyASCIIMarkerIsStillFound() {
        // Each marker phrase of the table whose first word is ASCII, written
        // in capitals as a line of its own, still starts a block.
        let table = MarkerTable.shared
        var tried = 0
        for entries in table.byFirstWord.values {
            for e in entries where e.folded.allSatisfy({ $0 < 0x80 }) {
                let phrase = String(decoding: e.folded, as: UTF8.self).uppercased()
                let text = "Body text of the article, long enough to be prose for the detector here.\n\n\(phrase):\n\n- [First story title here](https://x.example.org/2024/first-story)\n- [Second story title here](https://x.example.org/2024/second-story)\n"
                var copy = text
                let found = copy.withUTF8 { b -> Bool in
                    let lines = splitLineRanges(b)
                    let index = LinkIndex(b)
                    return matchMarker(b, lines[2].start, lines[2].end, index) != nil
                }
                #expect(found, "\(phrase)")
                tried += 1
            }
        }
        #expect(tried > 50)
    }

    @Test func junkLinksWithoutAllocation() {
        // The needles and the short texts, as before.
        #expect(isJunkLink("https://www.facebook.com/sharer/sharer.php?u=x", "Facebook"))
        #expect(isJunkLink("https://x.example.org/story?print=1", "Story"))
        #expect(isJunkLink("https://x.example.org/a", "Share"))
        #expect(isJunkLink("https://x.example.org/a", "SHARE ON TWITTER"))
        #expect(!isJunkLink("https://x.example.org/a", "Share prices fell again on Monday morning"))
        #expect(!isJunkLink("https://x.example.org/2024/print-media-in-decline", "Print media"))
        #expect(isJunkLink("https://x.example.org/2024/x#comments", "Story"))
        #expect(!isJunkLink("https://x.example.org/s", "Story"))
        #expect(isJunkLink("HTTPS://DISQUS.COM/embed", "Story"))
    }

    /// Lines split at LF, CR, CR LF, NEL, LS, PS, one byte at a time (the
    /// reference `splitLineRanges`' eight-byte skip must agree with).
    func referenceLines(_ b: [UInt8]) -> [LineRange] {
        var lines: [LineRange] = []
        var start = 0, i = 0
        while i < b.count {
            var length = 0
            if b[i] == 0x0A { length = 1 }
            else if b[i] == 0x0D { length = i + 1 < b.count && b[i + 1] == 0x0A ? 2 : 1 }
            else if b[i] == 0xC2 && i + 1 < b.count && b[i + 1] == 0x85 { length = 2 }
            else if b[i] == 0xE2 && i + 2 < b.count && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9) { length = 3 }
            if length > 0 {
                lines.append(LineRange(start: start, end: i, next: i + length))
                i += length
                start = i
            } else {
                i += 1
            }
        }
        if start < b.count { lines.append(LineRange(start: start, end: b.count, next: b.count)) }
        return lines
    }

    @Test func lineSplitAgreesWithTheByteByByteReference() {
        // Pieces: breaks of every kind, their lead bytes alone (invalid or
        // other characters), bytes around 0x0E, and ASCII runs of every length.
        let pieces: [[UInt8]] = [
            [0x0A], [0x0D], [0x0D, 0x0A], [0xC2, 0x85], [0xE2, 0x80, 0xA8], [0xE2, 0x80, 0xA9],
            [0xC2], [0xE2], [0xE2, 0x80], [0xE2, 0x80, 0x99], [0xC2, 0xA0], [0x0D - 1], [0x0E], [0x0F], [0x09],
            [0x00], [0x7F], [0x80], [0xFF], [0xC3, 0xA9], [0xD0, 0x96],
        ] + (1...17).map { Array(repeating: 0x61, count: $0) }
        var state: UInt64 = 12345
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let n = Int(state >> 58)
            for _ in 0..<n {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                bytes += pieces[Int(state >> 33) % pieces.count]
            }
            let got = bytes.withUnsafeBufferPointer { splitLineRanges($0) }
            let want = referenceLines(bytes)
            #expect(got.map { [$0.start, $0.end, $0.next] } == want.map { [$0.start, $0.end, $0.next] }, "\(bytes)")
        }
    }
}

