/// List items inside running text: bullets and numbered or lettered
/// markers, which start sentences even without a terminator before them.
///
/// A bullet (•, ‣, ⁃, ▪, ►, ◦) preceded by whitespace starts an item. A
/// marker is 1–3 digits or one letter followed by ".", ")" or ".)", or
/// enclosed in brackets, and a space ("1.", "2)", "3.)", "a.", "(b)").
/// Markers count only as a sequence: the first at the start of a line
/// (after an optional bullet), the next ones anywhere in the same paragraph
/// after whitespace, each one more than the one before ("1." "2." or "a."
/// "b." or "9." "10."). So "He was 1. She was 2." is no list, and neither is
/// a lone "p. 55". A list run into the text ("… this. 1. The first 2. The
/// second 3. …", "store. w) hello x) hello y) hello") may start after a
/// period and a space instead of a line start; it needs three markers.
struct ListItems {
    /// Offsets where an item starts (a sentence must start there), sorted.
    var cuts: [Int] = []
    /// Byte ranges (marker start ..< end of the space after it) in which a
    /// boundary found by ICU must be dropped ("1. The" is not "1." + "The").
    var quiet: [Range<Int>] = []

    /// Whether `p` falls inside a marker's quiet range: a binary search over
    /// the sorted ranges (they do not overlap), O(log n) per boundary.
    func suppresses(_ p: Int) -> Bool {
        var lo = 0, hi = quiet.count
        while lo < hi {                      // first range with lowerBound >= p
            let mid = (lo + hi) / 2
            if quiet[mid].lowerBound < p { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 && p <= quiet[lo - 1].upperBound
    }

    /// Marker positions already taken into a sequence: a sequence is looked
    /// for once from its first marker, never again from its later ones.
    private var taken: Set<Int> = []

    static let runInGap = 400

    static let bullets: Set<UInt32> = [0x2022, 0x2023, 0x2043, 0x25AA, 0x25BA, 0x25E6]

    /// `ascii`: every byte is known to be ASCII (no bullets to look for).
    static func find(in t: inout TextView, runIn: [Int] = [], ascii: Bool = false) -> ListItems {
        var items = ListItems()
        let s = t.s
        guard let base = s.baseAddress, !s.isEmpty else { return items }
        // Line starts: 0 and after every LF, or CR not followed by LF.
        // memchr keeps this pass cheap on long texts.
        var lineStarts = [0]
        for byte: UInt8 in [0x0A, 0x0D] {
            var i = 0
            while i < s.count, let hit = memchrByte(base + i, byte, s.count - i) {
                let at = base.distance(to: hit)
                if !(byte == 0x0D && at + 1 < s.count && s[at + 1] == 0x0A) { lineStarts.append(at + 1) }
                i = at + 1
            }
        }
        lineStarts.sort()
        for start in lineStarts where start < s.count {
            let m = skipSpaces(s, from: start)
            if let first = marker(s, at: m) {
                items.addSequence(s, first: first, at: m, cutAt: m)
            }
        }
        // Lists run into the text: a first marker after ". " (`runIn`: the
        // offsets after ". " followed by a digit, a letter or "(", found by
        // the sentence rules' pass over the periods).
        for m in runIn {
            if let first = marker(s, at: m) {
                items.addSequence(s, first: first, at: m, cutAt: m, minimum: 3)
            }
        }
        // Bullets (all are E2 xx xx in UTF-8).
        var i = ascii ? s.count : 0
        while i < s.count, let hit = memchrByte(base + i, 0xE2, s.count - i) {
            let at = base.distance(to: hit)
            i = at + 1
            let (v, n) = t.scalar(at: at)
            guard bullets.contains(v), at == 0 || isWhiteSpace(t.scalar(before: at).0) else { continue }
            if at > 0 && t.skipWhitespaceBackward(from: at) > 0 { items.cuts.append(at) }
            // A marker may follow the bullet: "• 9. The", "⁃10. The".
            let m = skipSpaces(s, from: at + n)
            if let first = marker(s, at: m) {
                items.addSequence(s, first: first, at: m, cutAt: at)
            }
        }
        items.cuts.sort()
        var unique: [Int] = []
        for c in items.cuts where unique.last != c { unique.append(c) }
        items.cuts = unique
        items.quiet.sort { $0.lowerBound < $1.lowerBound }
        return items
    }

    /// Whether a list item (bullet or marker) starts at `p` (after spaces).
    static func startsItem(_ t: TextView, at p: Int) -> Bool {
        let m = skipSpaces(t.s, from: p)
        guard m < t.count else { return false }
        if t.s[m] == 0xE2, bullets.contains(t.scalar(at: m).0) { return true }
        if t.s[m] == 0x2D || t.s[m] == 0x2A { return m + 1 < t.count && t.s[m + 1] == 0x20 }  // "- ", "* "
        return marker(t.s, at: m) != nil
    }

    struct Marker {
        var value: Int       // 1, 2, … or 1 for "a", 2 for "b"
        var isLetter: Bool
        var end: Int         // after the punctuation
    }

    /// A marker at `i`: digits or one letter, then ".", ")" or ".)", then a space.
    static func marker(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Marker? {
        guard i < s.count else { return nil }
        var j = i
        var value = 0
        var isLetter = false
        let bracketed = s[j] == 0x28                         // "(a) ", "(2) "
        if bracketed {
            j += 1
            guard j < s.count else { return nil }
        }
        if s[j] >= 0x30 && s[j] <= 0x39 {
            while j < s.count && s[j] >= 0x30 && s[j] <= 0x39 && j - i < 3 {
                value = value * 10 + Int(s[j] - 0x30)
                j += 1
            }
            if j < s.count && s[j] >= 0x30 && s[j] <= 0x39 { return nil }
        } else if (s[j] >= 0x61 && s[j] <= 0x7A) || (s[j] >= 0x41 && s[j] <= 0x5A) {
            value = Int((s[j] | 0x20) - 0x60)
            isLetter = true
            j += 1
        } else {
            return nil
        }
        guard j < s.count else { return nil }
        if bracketed {
            guard s[j] == 0x29 else { return nil }
            j += 1
        } else if s[j] == 0x2E {
            j += 1
            if j < s.count && s[j] == 0x29 { j += 1 }
        } else if s[j] == 0x29 {
            j += 1
        } else {
            return nil
        }
        guard j < s.count, s[j] == 0x20 || s[j] == 0x09 else { return nil }
        return Marker(value: value, isLetter: isLetter, end: j)
    }

    /// From a first marker at a line start, collects the markers that follow
    /// it in sequence within the paragraph; records them if there are two or
    /// more.
    ///
    /// The search stops at the first line that starts with a marker out of
    /// sequence (a new list starts there, and is searched from there), so
    /// every byte is looked at by at most one search: O(n) in all.
    private mutating func addSequence(_ s: UnsafeBufferPointer<UInt8>, first: Marker, at start: Int,
                                      cutAt firstCut: Int, minimum: Int = 2) {
        if taken.contains(start) { return }
        // (cut position: the bullet before the marker if any, marker position, marker)
        var found: [(Int, Int, Marker)] = [(firstCut, start, first)]
        var expected = first.value + 1
        var i = first.end
        var newlines = 0
        // A list run into the text has short items: its search ends
        // `runInGap` bytes after the last marker, so failed searches stay
        // O(1) each and the pass O(n).
        let gapLimit = minimum > 2 ? ListItems.runInGap : Int.max
        var lastEnd = first.end
        while i < s.count {
            if i - lastEnd > gapLimit { break }
            let c = s[i]
            if c == 0x0A {
                newlines += 1
                if newlines >= 2 { break }                 // blank line: paragraph ends
            } else if c != 0x20 && c != 0x09 && c != 0x0D {
                newlines = 0
            }
            if (c == 0x20 || c == 0x09 || c == 0x0A) && i + 1 < s.count {
                var m = i + 1
                // An optional bullet between the space and the marker.
                if s[m] == 0xE2, m + 2 < s.count {
                    let v = decodeScalar(s, at: m)
                    if ListItems.bullets.contains(v.0) { m = skipSpaces(s, from: m + v.1) }
                }
                if let next = ListItems.marker(s, at: m) {
                    if next.isLetter == first.isLetter && next.value == expected {
                        found.append((i + 1, m, next))
                        expected += 1
                        i = next.end
                        lastEnd = i
                        continue
                    }
                    // A line starting another list of this kind: searched from there.
                    if c == 0x0A && next.isLetter == first.isLetter { break }
                }
            }
            i += 1
        }
        guard found.count >= minimum else { return }
        for (_, position, _) in found { taken.insert(position) }
        for (cut, position, marker) in found {
            if cut > 0 { cuts.append(cut) }
            quiet.append(position..<skipSpaces(s, from: marker.end))
        }
    }
}

private func skipSpaces(_ s: UnsafeBufferPointer<UInt8>, from i: Int) -> Int {
    var j = i
    while j < s.count && (s[j] == 0x20 || s[j] == 0x09) { j += 1 }
    return j
}
