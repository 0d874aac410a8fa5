#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Galley's sentence rules, applied to the boundaries of ICU's sentence
/// iterator (UAX #29 with the language's `ss=standard` suppressions).
///
/// ICU is right about most boundaries; these rules remove the ones it gets
/// wrong in news text and add the ones it cannot see:
///
/// - abbreviations from the language's data: titles ("Dr. Watson") never
///   end a sentence; ambiguous ones ("U.S.", "Inc.", "a.m.") end it only
///   when a typical sentence starter or a title follows a clause of at least
///   four words; number prefixes ("No. 5", "p. 55"); multi-part ones ("z. B.");
///   ordinal dates ("am 3. Oktober");
/// - initials ("J. R. R. Tolkien", "Albert I. Jones") but not the pronoun
///   ("you and I. Did");
/// - "!" and "?" followed by a lower-case word do not end a sentence ("Yahoo! in");
/// - ellipses: "..." and "…" end a sentence only before a capital; a spaced
///   three-dot ellipsis after a space is an omission inside the sentence; a
///   spaced four-dot one ends it; "word. . . . Next" ends after "word.";
///   an ellipsis in brackets ("[...]") never ends one;
/// - glued sentences ("world.But", "sanctions.”In", "it?Nobody") are split,
///   unless the token is an e-mail address, a URL or an identifier
///   ("Jane.Doe@example.com", "file.PDF"); switchable (`repairGlued`);
/// - lists: numbered or lettered items ("1.", "2)", "a.", "3.)") starting at a
///   line start, in sequence, each start a sentence, as do bullets (•, ⁃, ▪, ►);
/// - line breaks inside a paragraph: a hard-wrapped line continues its
///   sentence; lines of a paragraph without any terminator (a menu, a list of
///   headlines) stay separate; a short line before a capitalised one (a
///   title) stays separate;
/// - CJK title marks: no boundary inside 《…》 or 〈…〉.
struct SentenceRules {
    let data: LanguageData
    let repairGlued: Bool

    /// Returns the final boundaries (interior ones only, increasing) given
    /// ICU's boundaries `icu` (including 0 and `s.count`). `ascii`: every
    /// byte of `s` is known to be ASCII, so the searches for non-ASCII
    /// characters (ellipses, bullets, fullwidth and CJK marks) are skipped:
    /// they would find nothing. False is always safe.
    func apply(_ s: UnsafeBufferPointer<UInt8>, icu: UnsafeBufferPointer<Int>, ascii: Bool = false) -> [Int] {
        var text = TextView(s)
        text.hasTitleMarks = !ascii && TextView.containsTitleMarks(s)
        var periodStarts: [Int] = []
        var runIn: [Int] = []
        var gluedDots: [Int] = []
        let citations = citationCuts(s, periodStarts: &periodStarts, runIn: &runIn, gluedDots: &gluedDots)
        let lists = ListItems.find(in: &text, runIn: runIn, ascii: ascii)
        text.listCuts = lists.cuts
        let quotes = QuotedSpans.find(s)
        var cuts: [Int] = []
        cuts.reserveCapacity(icu.count + lists.cuts.count)
        var lastCut = 0
        var additions = (citations.isEmpty && quotes.cuts.isEmpty
                         ? lists.cuts : (lists.cuts + citations + quotes.cuts).sorted())[...]

        func emit(_ p: Int) {
            while let a = additions.first, a <= p {
                if a > lastCut && a < p { cuts.append(a); lastCut = a }
                additions = additions.dropFirst()
            }
            if p > lastCut && p < s.count { cuts.append(p); lastCut = p }
        }

        // ICU's interior boundaries, merged with the glued-sentence
        // candidates ICU cannot see (UAX #29 rule SB7 keeps "world.But" whole).
        let glued = extraCandidates(s, periodStarts: periodStarts, gluedDots: gluedDots, ascii: ascii)
        var g = 0
        var k = 1
        while true {
            let fromICU = k < icu.count - 1 ? icu[k] : Int.max
            let fromGlued = g < glued.count ? glued[g] : Int.max
            let p = min(fromICU, fromGlued)
            if p == Int.max { break }
            if p == fromICU { k += 1 }
            if p == fromGlued { g += 1 }
            if lists.suppresses(p) || quotes.suppresses(p) { continue }
            var decision = decide(&text, at: p, lastCut: lastCut)
            // "close it. ' Next": a closing quote written after a space stays
            // with its sentence.
            if case .keep = decision, !quotes.spacedClosers.isEmpty {
                let q = skipWhiteSpaceForward(s, from: p, to: s.count)
                if quotes.isSpacedCloser(q) {
                    let after = q + decodeScalar(s, at: q).1
                    let next = skipWhiteSpaceForward(s, from: after, to: s.count)
                    decision = next > after ? .moveTo(next) : .suppress
                }
            }
            switch decision {
            case .keep: emit(p)
            case .suppress: continue
            case .moveTo(let q): emit(q)
            }
        }
        emit(s.count)   // flushes the remaining additions
        return cuts
    }

    enum Decision { case keep, suppress, moveTo(Int) }

    /// Citations glued to a sentence's end ("martyr.[1] The", "cold.11 12
    /// Take", "(1987).1 According"): the sentence ends after the citation,
    /// before the capitalised word. The terminator must follow a word of
    /// four letters or more or a ")" (so "Fig.1 The", "$1.50 Then" and
    /// "10.4.2" are no citations); a citation is up to four `[x]` groups of
    /// one to four letters or digits, or up to three groups of one to three
    /// digits separated by single spaces. One pass, O(n).
    ///
    /// The same pass over the periods collects ``periodSpaceStart(_:_:)``'s
    /// starts into `periodStarts`, and into `runIn` the offsets after ". "
    /// where a digit, a letter or "(" follows (where ``ListItems`` looks for
    /// a list run into the text), and into `gluedDots` the periods
    /// ``gluedCandidates(_:dots:)`` looks at (from offset 2, an ASCII
    /// capital or a non-ASCII byte after them).
    private func citationCuts(_ s: UnsafeBufferPointer<UInt8>, periodStarts: inout [Int],
                              runIn: inout [Int], gluedDots: inout [Int]) -> [Int] {
        var out: [Int] = []
        guard let base = s.baseAddress, s.count >= 4 else { return out }
        @inline(__always) func digit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        @inline(__always) func alnum(_ c: UInt8) -> Bool { digit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A) }
        var i = 1
        while i < s.count - 2 {
            guard let hit = memchrByte(base + i, 0x2E, s.count - 2 - i) else { break }
            let dot = base.distance(to: hit)
            i = dot + 1
            let after = s[dot + 1]
            if after == 0x20 {
                if let start = periodSpaceStart(s, dot) { periodStarts.append(start) }
                let c = s[dot + 2]
                if c == 0x28 || digit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A) { runIn.append(dot + 2) }
                continue
            }
            if dot >= 2 && (after >= 0x80 || (after >= 0x41 && after <= 0x5A)) { gluedDots.append(dot) }
            guard after == 0x5B || digit(after) else { continue }
            // Before: ")" or four ASCII letters (non-ASCII letters: any).
            if s[dot - 1] != 0x29 {
                var k = dot, letters = 0
                while k > 0 && letters < 4 {
                    let c = s[k - 1]
                    if c >= 0x80 { letters = 4; break }
                    guard (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A else { break }
                    letters += 1
                    k -= 1
                }
                guard letters >= 4 else { continue }
            }
            var j = dot + 1
            if after == 0x5B {
                var groups = 0
                while j < s.count && s[j] == 0x5B && groups < 4 {
                    var m = j + 1
                    while m < s.count && m - j <= 4 && alnum(s[m]) { m += 1 }
                    guard m > j + 1, m < s.count, s[m] == 0x5D else { break }
                    j = m + 1
                    groups += 1
                }
                guard groups > 0 else { continue }
            } else {
                var groups = 0
                while groups < 3 {
                    var m = j
                    while m < s.count && m - j < 4 && digit(s[m]) { m += 1 }
                    guard m > j, m - j <= 3, m >= s.count || !digit(s[m]) else { break }
                    groups += 1
                    j = m
                    guard j + 1 < s.count, s[j] == 0x20, digit(s[j + 1]) else { break }
                    j += 1
                }
                guard groups > 0, j <= s.count, j == s.count || !digit(s[j]) else { continue }
                if j < s.count && (s[j] == 0x2E || s[j] == 0x2C) { continue }   // "cold.1.5", "cold.1,5"
            }
            // Then whitespace and a capital letter.
            let next = skipWhiteSpaceForward(s, from: j, to: s.count)
            guard next > j, next < s.count else { continue }
            let (v, _) = decodeScalar(s, at: next)
            if let u = Unicode.Scalar(v), u.properties.isUppercase { out.append(next) }
        }
        return out
    }

    /// Offsets just after a period glued to a capitalised word: a word of two
    /// or more letters (or digits) before it, and after it an upper-case
    /// letter followed by a lower-case one ("world.But", "1,000.That",
    /// "світу.Але"). "U.S.A", "Ph.D", "ASP.NET" and "e.g.The" do not match.
    ///
    /// Also the starts of capitalised words after "…" (U+2026 is not a
    /// terminator in UAX #29, so ICU never breaks after it).
    private func extraCandidates(_ s: UnsafeBufferPointer<UInt8>, periodStarts: [Int], gluedDots: [Int],
                                 ascii: Bool) -> [Int] {
        var out = repairGlued ? gluedCandidates(s, dots: gluedDots) : []
        let ellipses = ascii ? [] : ellipsisCandidates(s)
        let terminators = data.terminators.isEmpty ? [] : languageTerminatorCandidates(s)
        let spaced = periodSpaceCandidates(s, periodStarts: periodStarts, ascii: ascii)
        if !ellipses.isEmpty || !terminators.isEmpty || !spaced.isEmpty {
            out.append(contentsOf: ellipses)
            out.append(contentsOf: terminators)
            out.append(contentsOf: spaced)
            out.sort()
        }
        return out
    }

    /// Starts of sentences that UAX #29 rule SB8 hides: after a word, a
    /// period and one space, a number ("kwamen. 81 procent", "es 2. 2 + 2
    /// es 4.") or an ellipsis ("raak. ...en toen") — SB8 sees the
    /// lower-case word further on and keeps it all one sentence — and, for
    /// languages whose data says that sentences start lower-case
    /// (`[option] lowercase-starts`, Greek), a lower-case word ("κανένας.
    /// το"). Whether the sentence really ends there is then decided like any
    /// other period (abbreviations, number prefixes, dates). Also a
    /// fullwidth period glued to the next word ("period．Does"), which ends
    /// a sentence wherever it is written. One pass over the periods, O(n).
    private func periodSpaceCandidates(_ s: UnsafeBufferPointer<UInt8>, periodStarts: [Int], ascii: Bool) -> [Int] {
        var out = periodStarts
        guard let base = s.baseAddress, s.count >= 4 else { return out }
        var i = 0
        // "What do you see? - Posted": "?" or "!", a space, a dash and a
        // capital (UAX #29 rule SB8a keeps the dash with the question). Not
        // after a period: "Bogotá, D.C. - Colombia", "– спросила мама. – Завтра"
        // (dialogue inside one quotation).
        for byte: UInt8 in [0x3F, 0x21] {
            i = 0
            while i + 3 < s.count, let hit = memchrByte(base + i, byte, s.count - 3 - i) {
                let at = base.distance(to: hit)
                i = at + 1
                guard s[at + 1] == 0x20 else { continue }
                if let dash = dashStartingSentence(s, at: at + 2) { out.append(dash) }
            }
        }
        // "period．Does": U+FF0E is EF BC 8E.
        i = ascii ? s.count : 0
        while i + 3 < s.count, let hit = memchrByte(base + i, 0xEF, s.count - 3 - i) {
            let at = base.distance(to: hit)
            i = at + 1
            guard s[at + 1] == 0xBC && s[at + 2] == 0x8E else { continue }
            let (v, _) = decodeScalar(s, at: at + 3)
            if let u = Unicode.Scalar(v), u.properties.isAlphabetic { out.append(at + 3) }
        }
        return out
    }

    /// After a terminator of the language's data that UAX #29 does not
    /// know (Greek ";" for the question mark, Armenian ":" written for
    /// "։"), closing punctuation and whitespace: the start of the next
    /// token. ASCII terminators only (one byte each), found in one pass.
    private func languageTerminatorCandidates(_ s: UnsafeBufferPointer<UInt8>) -> [Int] {
        var out: [Int] = []
        var bytes: [UInt8] = []
        for v in data.terminators where v < 0x80 { bytes.append(UInt8(v)) }
        guard !bytes.isEmpty else { return out }
        var i = 0
        while i < s.count {
            let c = s[i]
            i += 1
            guard bytes.contains(c) else { continue }
            var j = i
            while j < s.count {
                let (v, n) = decodeScalar(s, at: j)
                guard isCloser(v) else { break }
                j += n
            }
            let next = skipWhiteSpaceForward(s, from: j, to: s.count)
            if next > j && next < s.count { out.append(next) }
        }
        return out
    }

    private func ellipsisCandidates(_ s: UnsafeBufferPointer<UInt8>) -> [Int] {
        var out: [Int] = []
        guard let base = s.baseAddress, s.count >= 5 else { return out }
        var i = 0
        while i < s.count - 4 {
            guard let hit = memchrByte(base + i, 0xE2, s.count - 4 - i) else { break }
            let at = base.distance(to: hit)
            i = at + 1
            guard s[at + 1] == 0x80 && s[at + 2] == 0xA6 else { continue }   // U+2026
            let next = skipWhiteSpaceForward(s, from: at + 3, to: s.count)
            guard next > at + 3, next < s.count else { continue }
            let (v, _) = decodeScalar(s, at: next)
            if let u = Unicode.Scalar(v), u.properties.isUppercase { out.append(next) }
        }
        return out
    }

    /// The start after "<word>. " at the period `dot` (`dot + 2 < s.count`)
    /// when ``periodSpaceCandidates(_:periodStarts:)`` describes one.
    @inline(__always)
    private func periodSpaceStart(_ s: UnsafeBufferPointer<UInt8>, _ dot: Int) -> Int? {
        let next = dot + 2
        guard next < s.count else { return nil }
        let c = s[next]
        // The word before: a number, or a lower-case word of four letters
        // or more (abbreviations before numbers are short or capitalised:
        // "Rs. 16720", "Mar. 23", "p. 5"; the language's data decides the
        // rest). Only looked at when the next byte may start a sentence.
        if c >= 0x30 && c <= 0x39 {
            let word = wordBeforePeriod(s, dot)
            return word == .number || word == .long ? next : nil
        } else if c == 0x2E {
            return next + 2 < s.count && s[next + 1] == 0x2E && s[next + 2] == 0x2E
                && wordBeforePeriod(s, dot) != .other ? next : nil
        } else if c == 0xE2 {
            return next + 2 < s.count && s[next + 1] == 0x80 && s[next + 2] == 0xA6
                && wordBeforePeriod(s, dot) != .other ? next : nil
        } else if data.lowercaseStarts && (c >= 0x80 || (c >= 0x61 && c <= 0x7A)) {
            if let u = Unicode.Scalar(decodeScalar(s, at: next).0), u.properties.isLowercase,
               wordBeforePeriod(s, dot) != .other { return next }
        }
        return nil
    }

    private enum WordBefore { case other, short, number, long }

    /// The word ending at the period `dot`: digits (`number`), letters
    /// without capitals, four or more (`long`), other letters (`short`),
    /// or anything else (`other`). Looks at most ``TextView/tokenLimit`` bytes back.
    private func wordBeforePeriod(_ s: UnsafeBufferPointer<UInt8>, _ dot: Int) -> WordBefore {
        var k = dot
        var letters = 0, digits = 0, capital = false
        while k > 0 && dot - k < TextView.tokenLimit {
            var st = k - 1
            while st > 0 && s[st] & 0xC0 == 0x80 { st -= 1 }
            let v = decodeScalar(s, at: st).0
            if v >= 0x30 && v <= 0x39 { digits += 1 }
            else if v < 0x80 && (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A {
                letters += 1
                if v < 0x61 { capital = true }
            } else if v >= 0x80, let u = Unicode.Scalar(v), u.properties.isAlphabetic {
                letters += 1
                if u.properties.isUppercase { capital = true }
            } else if isWhiteSpace(v) || isOpener(v) { break }
            else { return .other }
            k = st
        }
        if letters == 0 { return digits > 0 ? .number : .other }
        if digits > 0 { return .other }
        return letters >= 4 && !capital ? .long : .short
    }

    /// At `i`: a dash ("-", "–", "—") between single spaces before a
    /// capital letter; returns `i`.
    private func dashStartingSentence(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        guard i < s.count else { return nil }
        var j = i
        if s[j] == 0x2D { j += 1 }
        else if j + 2 < s.count && s[j] == 0xE2 && s[j + 1] == 0x80 && (s[j + 2] == 0x93 || s[j + 2] == 0x94) { j += 3 }
        else { return nil }
        guard j + 1 < s.count, s[j] == 0x20 else { return nil }
        guard let u = Unicode.Scalar(decodeScalar(s, at: j + 1).0), u.properties.isUppercase else { return nil }
        return i
    }

    /// `dots`: the periods to look at, increasing (from ``citationCuts(_:periodStarts:runIn:gluedDots:)``'s
    /// pass: every period from offset 2 to `s.count` - 3 with an ASCII
    /// capital or a non-ASCII byte after it; the others fail the first test).
    private func gluedCandidates(_ s: UnsafeBufferPointer<UInt8>, dots: [Int]) -> [Int] {
        var out: [Int] = []
        guard s.count >= 4 else { return out }
        // Periods inside a run of more than tokenLimit bytes without a space
        // (minified code, "a.Ba.Ba.B…") are no glued prose: skipped whole,
        // each run measured once (`longUntil`), so this stays O(n).
        var longUntil = 0
        for dot in dots {
            let after = s[dot + 1]
            // After: upper-case letter then lower-case letter (ASCII decided
            // without Unicode property lookups).
            if after < 0x80 {
                guard after >= 0x41 && after <= 0x5A else { continue }
                let l = s[dot + 2]
                if TextView(s).romanNumeralAfterGlue(dot + 1) {
                    // "жағдайы.XVIII ғасырдың", "world.I dag": checked below.
                } else if l < 0x80 {
                    guard l >= 0x61 && l <= 0x7A else { continue }
                } else {
                    guard let ls = Unicode.Scalar(decodeScalar(s, at: dot + 2).0),
                          ls.properties.isLowercase else { continue }
                }
            } else {
                let (u, n) = decodeScalar(s, at: dot + 1)
                guard dot + 1 + n < s.count, let us = Unicode.Scalar(u), us.properties.isUppercase else { continue }
                let (l, _) = decodeScalar(s, at: dot + 1 + n)
                guard let ls = Unicode.Scalar(l), ls.properties.isLowercase else { continue }
            }
            // Before: two word characters.
            var k = dot
            var letters = 0
            while k > 0 && letters < 2 {
                var st = k - 1
                while st > 0 && s[st] & 0xC0 == 0x80 { st -= 1 }
                guard let c = Unicode.Scalar(decodeScalar(s, at: st).0),
                      c.properties.isAlphabetic || c.properties.numericType != nil else { break }
                letters += 1
                k = st
            }
            guard letters >= 2 else { continue }
            // Checked last: most periods fail the cheap tests above.
            if dot < longUntil { continue }
            if let end = longRunEnd(s, around: dot) {
                longUntil = end
                continue
            }
            out.append(dot + 1)
        }
        return out
    }

    /// If the run without ASCII whitespace around `at` is longer than
    /// ``TextView/tokenLimit``, an offset up to which it surely continues
    /// (at least `at` + 1); nil for an ordinary token. Looks at no more than
    /// 2 × tokenLimit bytes.
    private func longRunEnd(_ s: UnsafeBufferPointer<UInt8>, around at: Int) -> Int? {
        @inline(__always) func space(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }
        let limit = TextView.tokenLimit
        var lo = at
        while lo > 0 && at - lo <= limit && !space(s[lo - 1]) { lo -= 1 }
        var hi = at
        while hi < s.count && hi - at <= limit && !space(s[hi]) { hi += 1 }
        return hi - lo > limit ? Swift.max(hi, at + 1) : nil
    }

    // MARK: - One boundary

    private func decide(_ t: inout TextView, at p: Int, lastCut: Int) -> Decision {
        let e = t.skipWhitespaceBackward(from: p)          // end of content
        if e == 0 { return .keep }
        // The whole gap to the next content: ICU also breaks after the first
        // of two line breaks, and that boundary ends a paragraph too.
        let gap = t.lineBreaks(in: e..<skipWhiteSpaceForward(t.s, from: p, to: t.count))
        if gap.paragraph { return .keep }                  // blank line or U+2029

        // Closing quotes and brackets, then the terminator run.
        let closersStart = t.skipClosersBackward(from: e)
        let term = t.terminatorRun(endingAt: closersStart, extra: data.terminators)
        if term.isEmpty {
            if gap.lines > 0 { return decideLineBreak(&t, at: p, contentEnd: e) }
            return .keep
        }
        // UAX #29 counts opening brackets and quotes as Close, so "。《"
        // and 'said.“This' keep the opener on the sentence before: the
        // boundary belongs before it.
        if let q = t.openerAfterTerminator(from: term.end, to: e, glued: e == p) {
            if t.insideTitleMarks(q) { return .suppress }
            switch decideAfterTerminator(&t, at: p, e: e, term: term, lastCut: lastCut) {
            case .keep, .moveTo: return .moveTo(q)
            case .suppress: return .suppress
            }
        }
        if t.insideTitleMarks(p) { return .suppress }
        // "'… of the house!' (Which was true.)": a bracket after a quotation
        // that closed on its terminator, closing the paragraph, belongs to the
        // quoting sentence (as pragmatic_segmenter's suite has it; a bracket
        // with text after it is a sentence of its own).
        if p > e && closersStart < e && t.holdsQuote(closersStart..<e) {
            let n = skipWhiteSpaceForward(t.s, from: p, to: t.count)
            if n < t.count && t.s[n] == 0x28 && t.bracketEndsParagraph(at: n) { return .suppress }
        }
        return decideAfterTerminator(&t, at: p, e: e, term: term, lastCut: lastCut)
    }

    private func decideAfterTerminator(_ t: inout TextView, at p: Int, e: Int, term: TerminatorRun,
                                       lastCut: Int) -> Decision {

        let glued = (e == p)
        let next = t.nextToken(from: p)
        var word = t.tokenBefore(term.start)                // e.g. "Mr", "(e.g", "U.S"
        word.start = max(word.start, min(lastCut, word.end))  // "Tuesday.Mr" after a glued cut
        // "!Xũ", "?foo": a "!" or "?" after a space and glued to a word is
        // part of the word (click letters, names), not a sentence's end.
        if glued && word.isEmpty && term.hasQuestionOrExclamation && term.dots == 0 { return .suppress }
        // "Y!J.", "1.Helado, 2.Carne": after one letter, or a list number of
        // up to three digits, a glued terminator is part of the token.
        if glued {
            let w = word.trimmingOpeners(in: t)
            if t.isSingleLetter(w) == .upper && term.hasQuestionOrExclamation { return .suppress }
            if term.dots == 1 && !term.hasQuestionOrExclamation && w.end - w.start <= 3 && t.isASCIIDigits(w) {
                return .suppress
            }
        }
        // A sentence of nothing but a list marker ("1.", "10.", "a.", "iv.",
        // "(b).", "1.)", "Q." before "What…?") is the start of the next one.
        if term.dots == 1 && !term.spaced && !term.hasQuestionOrExclamation
            && skipWhiteSpaceForward(t.s, from: lastCut, to: word.start) == word.start
            && t.isListMarker(word.trimmingOpeners(in: t))
            && (next.startsUppercase || next.startsDigit || next.startsCaseless) {
            return .suppress
        }

        if term.other { return .keep }                        // 。 ｡ । : no spaces to expect
        if glued {
            if !repairGlued { return .suppress }
            if !t.romanNumeralAfterGlue(p) && t.isAddressOrIdentifier(word: word, after: p) { return .suppress }
        }
        if term.isBracketed(in: t) { return .suppress }     // "[...]"
        if term.hasQuestionOrExclamation {
            // "Yahoo! in", "'…time?' she said": no end before a lower-case
            // word. A bare "?" ends one ("кім? не?"), as does a line break.
            if !next.startsLowercase { return .keep }
            if t.lineBreaks(in: e..<skipWhiteSpaceForward(t.s, from: p, to: t.count)).lines > 0 { return .keep }
            if e == term.end && !term.hasExclamation(in: t) { return .keep }
            return .suppress
        }
        if term.dots >= 3 || term.hasEllipsisCharacter {
            // "rain...Then": an ellipsis glued to the next word trails off
            // inside the sentence (a glued period is repaired above, a
            // glued ellipsis is not).
            if glued { return .suppress }
            return decideEllipsis(term: term, word: word, next: next,
                                  startsWithPeriod: t.s[term.start] == 0x2E)
        }
        guard term.dots == 1 && !term.spaced else { return .keep }
        return decidePeriod(&t, word: word, next: next, termStart: term.start, lastCut: lastCut)
    }

    private func decidePeriod(_ t: inout TextView, word: Token, next: Token,
                              termStart: Int, lastCut: Int) -> Decision {
        // Elided articles are not part of the abbreviation: "l'art.", "dell'On.".
        let wt = t.droppingElision(word.trimmingOpeners(in: t))
        let wBytes = wt.end - wt.start
        if wBytes <= 0 { return .keep }
        let dotted = t.isDottedAbbreviation(wt)
        // A plain word longer than every entry of the data: nothing below
        // can apply (single letters and 1-3 digit ordinals are short).
        if !dotted && wBytes > data.longestEntry { return .keep }

        let lower = t.lowercased(wt)
        let kind = data.kind(of: lower)
        if kind.contains(.title) { return .suppress }
        let singleLetter = t.isSingleLetter(wt)
        // "жыл. №590-591", "2010 ж. № 70": a reference by number continues.
        if next.end - next.start >= 3 && t.s[next.start] == 0xE2 && t.s[next.start + 1] == 0x84
            && t.s[next.start + 2] == 0x96 { return .suppress }
        // "aus dem 1. -3. Jahrhundert": the second number of a range of
        // ordinals.
        if t.isOrdinalRangeEnd(word) { return .suppress }
        // "am 3. 4. 2020": a date written with spaces (at "3." and at "4.").
        if next.startsDigit && wBytes <= 2 && t.isASCIIDigits(wt)
            && (next.endsWithPeriod || t.previousTokenIsDayNumber(before: word.start)) { return .suppress }
        if next.startsDigit {
            if kind.contains(.numberPrefix) || kind.contains(.month) { return .suppress }
            if singleLetter == .lower { return .suppress }
        }
        var nextLowerCache: String? = nil
        func nextLower() -> String {
            if let c = nextLowerCache { return c }
            let c = t.lowercased(next.wordPart(in: t))
            nextLowerCache = c
            return c
        }
        var nextKindCache: LanguageData.Kind? = nil
        func nextKind() -> LanguageData.Kind {
            if let c = nextKindCache { return c }
            let c = data.kind(of: nextLower())
            nextKindCache = c
            return c
        }
        if wBytes <= 3 && t.isASCIIDigits(wt) && nextKind().contains(.month) {
            return .suppress                                   // "am 3. Oktober"
        }
        var multiLast = false
        if kind.contains(.multiPart) { for parts in data.multiParts {
            for i in 0..<(parts.count - 1) where parts[i] == lower && parts[i + 1] == nextLower() {
                return .suppress                               // "z. B." at "z."
            }
            // The last part of a spaced multi-part abbreviation ("z. B." at
            // "B.") is an ambiguous abbreviation, not an initial.
            if !multiLast && parts.last == lower
                && t.lowercased(t.previousWordToken(before: word.start)) == parts[parts.count - 2] {
                multiLast = true
            }
        } }
        // An initial is no starter: "в 2014 г. В. Путин" (В is also a word).
        let nextIsStarter = next.startsUppercase && nextKind().contains(.starter) && !next.isInitial(in: t)

        // Initials: "J. R. R. Tolkien", "Albert I. Jones" (not "you and I. Did").
        if !multiLast && singleLetter == .upper {
            let previousCapitalized = t.previousTokenIsCapitalized(before: word.start)
            let nextIsInitial = next.isInitial(in: t)
            if (previousCapitalized || nextIsInitial || data.initialsBeforeNames)
                && !nextIsStarter && next.startsUppercase {
                return .suppress
            }
            return .keep
        }

        if dotted || multiLast || kind.contains(.abbreviation) {
            if next.startsLowercase || next.startsDigit { return .suppress }
            guard next.startsUppercase else { return .keep }
            let nextIsTitle = next.endsWithPeriod && nextKind().contains(.title)
            // A unit or currency after a number ("1,2 млрд грн. Будівництво",
            // "6 P.M. Mr.") ends a sentence more often than not.
            let afterNumber = t.previousTokenIsNumber(before: word.start)
            if nextIsStarter || nextIsTitle || afterNumber || data.starters.isEmpty {
                return t.hasWords(atLeast: 4, in: lastCut..<termStart) ? .keep : .suppress
            }
            return .suppress
        }
        return .keep
    }

    private func decideEllipsis(term: TerminatorRun, word: Token, next: Token,
                                startsWithPeriod: Bool) -> Decision {
        if term.spaced {
            let attached = !word.isEmpty
            if attached && term.dots >= 4 && startsWithPeriod {
                // "compounds. . . . The": the sentence ends at "compounds.";
                // the ellipsis opens the next one.
                return next.startsUppercase ? .moveTo(term.start + 1) : .suppress
            }
            if !attached && term.dots == 3 { return .suppress }  // "is . . . I didn't"
        }
        return next.startsUppercase || next.startsCaseless ? .keep : .suppress
    }

    private func decideLineBreak(_ t: inout TextView, at p: Int, contentEnd e: Int) -> Decision {
        let paragraph = t.paragraph(containing: e)
        if !paragraph.hasTerminator { return .keep }           // a list of lines
        if ListItems.startsItem(t, at: p) { return .keep }
        let next = t.nextToken(from: p)
        // "a. here it is b. another c. one more\n They went": a line break
        // before a capital ends a list item run into the text.
        if next.startsUppercase && t.hasListCut(in: t.lineStart(before: e)..<e) { return .keep }
        let lineStart = t.lineStart(before: e)
        if next.startsLowercase {
            // Lines of one word after a sentence ("Tennis.\nspielen\nspielt",
            // answers under a question) are no hard-wrapped text; a word
            // on its own line inside running text ("visited\nParis\nlast")
            // is.
            return t.isOneWordLine(lineStart..<e) && t.endsSentenceOrOneWord(lineBefore: lineStart) ? .keep : .suppress
        }
        if next.startsCaseless {
            // Chinese and Japanese put no spaces between words, so a space
            // before the break after a Han, kana or CJK punctuation character
            // ("これは山です \n", "（「…」） \n") was written by whoever ended the
            // line; a wrapped line ("これは父の\n家です。") has none.
            if e < t.count && (t.s[e] == 0x20 || t.s[e] == 0x09 || t.scalar(at: e).0 == 0x3000),
               let last = t.lastScalar(before: e),
               isHanOrKana(last) || (last >= 0x3000 && last <= 0x303F) || (last >= 0xFF01 && last <= 0xFF60) {
                return .keep
            }
            return .suppress
        }
        if let last = t.lastScalar(before: e), [0x2C, 0x3B, 0x2D, 0x2013, 0x2014].contains(last) {
            return .suppress                                   // "...the river,\nand then"
        }
        let length = t.scalarCount(lineStart..<e)
        if length >= 40 && length * 4 >= paragraph.longestLine * 3 { return .suppress }
        return .keep
    }
}

// MARK: - Text view

/// Read-only helpers over valid UTF-8, with a small per-paragraph cache.
struct TextView {
    let s: UnsafeBufferPointer<UInt8>
    private var paragraphCache: Paragraph? = nil

    init(_ s: UnsafeBufferPointer<UInt8>) { self.s = s }

    var count: Int { s.count }

    /// Where list items start (``ListItems/cuts``), sorted.
    var listCuts: [Int] = []

    func hasListCut(in r: Range<Int>) -> Bool {
        var lo = 0, hi = listCuts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if listCuts[mid] < r.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        return lo < listCuts.count && listCuts[lo] < r.upperBound
    }

    func scalar(at i: Int) -> (UInt32, Int) { decodeScalar(s, at: i) }

    /// The scalar ending just before `i` and its start.
    func scalar(before i: Int) -> (UInt32, Int) {
        if s[i - 1] < 0x80 { return (UInt32(s[i - 1]), i - 1) }
        var k = i - 1
        while k > 0 && s[k] & 0xC0 == 0x80 { k -= 1 }
        return (decodeScalar(s, at: k).0, k)
    }

    func lastScalar(before i: Int) -> UInt32? { i > 0 ? scalar(before: i).0 : nil }

    func string(_ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: s[r]), as: UTF8.self)
    }

    func string(_ token: Token) -> String { string(token.start..<token.end) }

    func skipWhitespaceBackward(from p: Int) -> Int {
        skipWhiteSpaceBackward(s, from: 0, to: p)
    }

    /// Line breaks in a whitespace gap; `paragraph` when it holds a blank
    /// line or U+2029.
    func lineBreaks(in r: Range<Int>) -> (lines: Int, paragraph: Bool) {
        var lines = 0
        var i = r.lowerBound
        while i < r.upperBound {
            let (v, n) = scalar(at: i)
            switch v {
            case 0x0A, 0x0B, 0x0C, 0x85, 0x2028: lines += 1
            case 0x0D:
                lines += 1
                if i + 1 < r.upperBound && s[i + 1] == 0x0A { i += 1 }
            case 0x2029: return (lines + 1, true)
            default: break
            }
            i += n
        }
        return (lines, lines >= 2)
    }

    func skipClosersBackward(from e: Int) -> Int {
        var i = e
        while i > 0 {
            let (v, start) = scalar(before: i)
            // Opening brackets too: UAX #29 keeps them after a terminator
            // ("。《", "end.(") and the boundary then moves before them.
            guard isCloser(v) || isOpeningBracket(v) || isBidiControl(v) else { break }
            i = start
        }
        return i
    }

    /// The run of sentence terminators ending at `end`, allowing single
    /// spaces between periods (". . .").
    func terminatorRun(endingAt end: Int, extra: [UInt32] = []) -> TerminatorRun {
        var run = TerminatorRun(start: end, end: end)
        var i = end
        while i > 0 {
            let (v, start) = scalar(before: i)
            if isBidiControl(v) {
                // "د\u{202A}.\u{202C}": embedding marks around a period are
                // invisible; the run and the word go through them.
                if run.dots == 0 && !run.hasQuestionOrExclamation && !run.hasEllipsisCharacter && !run.other {
                    run.end = start
                }
            } else if !extra.isEmpty && extra.contains(v) {
                run.hasQuestionOrExclamation = true          // Greek ";", Armenian ":"
            } else if v == 0x2E {
                run.dots += 1
            } else if v == 0x20 && start > 0 && s[start - 1] == 0x2E && run.dots > 0 {
                run.spaced = true
            } else if v == 0x21 || v == 0x3F || v == 0xFF01 || v == 0xFF1F || v == 0x203C
                        || v == 0x2047 || v == 0x2048 || v == 0x2049 || v == 0x061F {
                run.hasQuestionOrExclamation = true
            } else if v == 0x2026 {
                run.hasEllipsisCharacter = true
            } else if v == 0x3002 || v == 0xFF0E || v == 0xFF61 || v == 0x0964 || v == 0x0965 {
                run.other = true
            } else {
                break
            }
            i = start
        }
        run.start = i
        return run
    }

    /// How far a rule looks into one token, in bytes. Every look-around of
    /// a boundary is bounded by this, so the rules cost O(n) on any input
    /// (a 10 MB run without spaces, "a.Ba.Ba.B…", included): a longer
    /// token is no abbreviation, initial or word the rules need whole.
    static let tokenLimit = 256

    /// The whitespace-delimited text just before `end` (may be empty), at
    /// most ``tokenLimit`` bytes of it (cut at a scalar boundary).
    func tokenBefore(_ end: Int) -> Token {
        var i = end
        let floor = Swift.max(0, end - TextView.tokenLimit)
        while i > floor {
            let (v, start) = scalar(before: i)
            if isWhiteSpace(v) || start < floor { break }
            i = start
        }
        return Token(start: i, end: end)
    }

    /// The whitespace-delimited token starting at or after `p` (at most
    /// ``tokenLimit`` bytes of it).
    func nextToken(from p: Int) -> Token {
        var i = skipWhiteSpaceForward(s, from: p, to: s.count)
        let start = i
        let ceiling = Swift.min(s.count, start + TextView.tokenLimit)
        while i < ceiling {
            let (v, n) = scalar(at: i)
            if isWhiteSpace(v) || i + n > ceiling { break }
            i += n
        }
        return Token(start: start, end: i, view: self)
    }

    /// Whether a number comes just before `start`, or before one short word
    /// between ("1,2 млрд грн.", "5 million km.").
    func previousTokenIsNumber(before start: Int) -> Bool {
        var at = start
        for step in 0..<2 {
            let e = skipWhitespaceBackward(from: at)
            if e == 0 || e == at { return false }
            let token = tokenBefore(e)
            guard token.start < token.end else { return false }
            let c = s[token.start]
            if c >= 0x30 && c <= 0x39 { return true }
            if step == 1 || scalarCount(token.start..<token.end) > 8 { return false }
            at = token.start
        }
        return false
    }

    func previousTokenIsCapitalized(before start: Int) -> Bool {
        let e = skipWhitespaceBackward(from: start)
        if e == 0 || e == start { return false }
        var token = tokenBefore(e)
        token = token.trimmingOpeners(in: self)
        guard token.start < token.end else { return false }
        let (v, _) = scalar(at: token.start)
        return Unicode.Scalar(v)?.properties.isUppercase ?? false
    }

    /// The previous whitespace-delimited token's letters ("z" for "z." before "B.").
    func previousWordToken(before start: Int) -> Token {
        let e = skipWhitespaceBackward(from: start)
        guard e > 0, e < start else { return Token(start: start, end: start) }
        return tokenBefore(e).wordPart(in: self)
    }

    /// The token's text, lower-cased; ASCII without a detour through Unicode.
    func lowercased(_ token: Token) -> String {
        guard token.start < token.end else { return "" }
        for i in token.start..<token.end where s[i] >= 0x80 { return string(token).lowercased() }
        return String(unsafeUninitializedCapacity: token.end - token.start) { out in
            var k = 0
            for i in token.start..<token.end {
                let c = s[i]
                out[k] = (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c
                k += 1
            }
            return k
        }
    }

    /// The token after an elided article of up to four letters and an
    /// apostrophe (' or ’): "l'art" -> "art", "dell'On" -> "On".
    func droppingElision(_ token: Token) -> Token {
        var i = token.start
        var letters = 0
        while i < token.end && letters <= 4 {
            let c = s[i]
            if c == 0x27 { return Token(start: i + 1, end: token.end) }
            if c == 0xE2 && i + 2 < token.end && s[i + 1] == 0x80 && s[i + 2] == 0x99 {
                return Token(start: i + 3, end: token.end)
            }
            guard (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A else { return token }
            letters += 1
            i += 1
        }
        return token
    }

    func isASCIIDigits(_ token: Token) -> Bool {
        guard token.start < token.end else { return false }
        for i in token.start..<token.end where s[i] < 0x30 || s[i] > 0x39 { return false }
        return true
    }

    enum LetterCase { case none, upper, lower }

    /// Whether the token is exactly one letter, and its case.
    func isSingleLetter(_ token: Token) -> LetterCase {
        guard token.start < token.end else { return .none }
        let (v, n) = scalar(at: token.start)
        guard token.start + n == token.end, let u = Unicode.Scalar(v) else { return .none }
        if u.properties.isUppercase { return .upper }
        if u.properties.isLowercase { return .lower }
        return .none
    }

    /// "U.S", "E.U", "a.m", "Ph.D", "U.S.A": letters in groups of one or two
    /// separated by periods (at least two groups).
    func isDottedAbbreviation(_ token: Token) -> Bool {
        guard token.end - token.start >= 3, token.end - token.start <= 24 else { return false }
        var hasDot = false
        for i in token.start..<token.end where s[i] == 0x2E { hasDot = true; break }
        guard hasDot else { return false }
        var groups = 1, inGroup = 0
        var i = token.start
        while i < token.end {
            if s[i] == 0x2E {
                if inGroup == 0 { return false }
                groups += 1
                inGroup = 0
                i += 1
                continue
            }
            let (v, n) = scalar(at: i)
            guard let u = Unicode.Scalar(v), u.properties.isAlphabetic else { return false }
            inGroup += 1
            if inGroup > 2 { return false }
            i += n
        }
        return inGroup > 0 && groups >= 2
    }

    /// Whether `r` holds at least `n` whitespace-separated words, counted
    /// backward from its end; more than `n` × ``tokenLimit`` bytes count as
    /// enough, so the answer costs O(1) however long the clause.
    func hasWords(atLeast n: Int, in r: Range<Int>) -> Bool {
        var count = 0
        var inWord = false
        var i = r.upperBound
        let floor = Swift.max(r.lowerBound, r.upperBound - n * TextView.tokenLimit)
        while i > floor {
            let (v, start) = scalar(before: i)
            if start < r.lowerBound { break }
            let space = isWhiteSpace(v)
            if !space && !inWord {
                count += 1
                if count >= n { return true }
            }
            inWord = !space
            i = start
        }
        return floor > r.lowerBound
    }

    func scalarCount(_ r: Range<Int>) -> Int {
        var n = 0
        for i in r where s[i] & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// Whether the line's content (`r`, from its line start to its content's
    /// end) is a single whitespace-free word.
    func isOneWordLine(_ r: Range<Int>) -> Bool {
        let first = skipWhiteSpaceForward(s, from: r.lowerBound, to: r.upperBound)
        return first < r.upperBound && tokenBefore(r.upperBound).start <= first
    }

    /// Whether the lines before the one starting at `lineStart`, going back
    /// over lines of one word (at most 16), reach a line that ends with a
    /// terminator (behind closing quotes and brackets): "Tennis.\nspielen\n"
    /// yes, "visited\nthe\n" no.
    func endsSentenceOrOneWord(lineBefore lineStart: Int) -> Bool {
        var at = lineStart
        for _ in 0..<16 {
            guard at > 0 else { return false }
            let e = skipWhitespaceBackward(from: at)
            guard e > 0 else { return false }
            let start = self.lineStart(before: e)
            if !isOneWordLine(start..<e) {
                return !terminatorRun(endingAt: skipClosersBackward(from: e)).isEmpty
            }
            if !terminatorRun(endingAt: skipClosersBackward(from: e)).isEmpty { return true }
            at = start
        }
        return false
    }

    func lineStart(before e: Int) -> Int {
        var i = e
        while i > 0 {
            let c = s[i - 1]
            if c == 0x0A || c == 0x0D { break }
            i -= 1
        }
        return i
    }

    /// "Jane.Doe@example.com", "https://x.org/a.b", "www.X.com", "file.PDF":
    /// the token around a glued terminator at `p` is an address or identifier.
    func isAddressOrIdentifier(word: Token, after p: Int) -> Bool {
        // The rest of the token: letters, digits and . _ / @ : - after p.
        var end = p
        let ceiling = Swift.min(s.count, p + TextView.tokenLimit)
        while end < ceiling {
            let (v, n) = scalar(at: end)
            guard let u = Unicode.Scalar(v) else { break }
            let p = u.properties
            if !(p.isAlphabetic || p.numericType != nil || v == 0x2E || v == 0x5F || v == 0x2F
                 || v == 0x40 || v == 0x3A || v == 0x2D) { break }
            end += n
        }
        // "mod.Func()", "Foo.Bar(x)": a call.
        if end < s.count && s[end] == 0x28 && s[end - 1] != 0x2E { return true }
        // "›Struktur.Wandel‹", "«Brand.Name»": a compound inside quotes,
        // the quotes hugging it on both sides.
        if end < s.count, word.start < p, isQuote(scalar(at: word.start).0), isQuote(scalar(at: end).0) {
            return true
        }
        while end > p && (s[end - 1] == 0x2E || s[end - 1] == 0x3A || s[end - 1] == 0x2D) { end -= 1 }
        // "DoSchu.Com", "Brand.Net": a domain name written with capitals.
        if end - p <= 4 && end > p {
            switch string(p..<end).lowercased() {
            case "com", "net", "org", "info", "biz", "io", "gov", "edu", "tv": return true
            default: break
            }
        }
        var previous: UInt8 = 0
        for i in word.start..<end {
            let c = s[i]
            if c == 0x40 { return true }                                   // @
            if c == 0x2F && previous == 0x3A { return true }               // :/
            previous = c
        }
        let w = string(word).lowercased()
        if w.hasPrefix("www.") || w.hasPrefix("(www.") { return true }
        // After the dot: an all-capital word, a CamelCase one ("BreakpointLocation"),
        // or one with digits, dots, slashes, underscores.
        var letters = 0, upper = 0, innerUpper = false
        for u in string(p..<end).unicodeScalars {
            if u.properties.isAlphabetic {
                if u.properties.isUppercase {
                    upper += 1
                    if letters > 0 && upper < letters + 1 { innerUpper = true }
                }
                letters += 1
            } else {
                return true
            }
        }
        if innerUpper || (letters >= 2 && upper == letters) { return true }
        // Before the dot: an all-capital name ("README.Debian", "CHANGES.Md")
        // or a snake_case or digit-bearing identifier.
        let before = wordText(word)
        var bLetters = 0, bUpper = 0
        for u in before.unicodeScalars {
            if u.properties.isAlphabetic {
                bLetters += 1
                if u.properties.isUppercase {
                    bUpper += 1
                    // CamelCase before the dot: "MyApp.Models", "DoSchu.Com".
                    if bLetters > 1 && bUpper < bLetters { return true }
                }
            } else if u.value == 0x5F {
                return true
            }
        }
        return bLetters >= 2 && bUpper == bLetters
    }

    private func wordText(_ word: Token) -> String {
        string(word.trimmingOpeners(in: self))
    }

    /// "world.I dag", "жағдайы.XVIII ғасырдың": at `p`, right after a
    /// period glued to a lower-case letter, one to six capitals I, V, X (a
    /// roman numeral or the one-letter word "I"), a space and a lower-case
    /// word: a new sentence, not an identifier.
    func romanNumeralAfterGlue(_ p: Int) -> Bool {
        guard p >= 2, s[p - 1] == 0x2E else { return false }
        let (b, _) = scalar(before: p - 1)
        guard let ub = Unicode.Scalar(b), ub.properties.isLowercase else { return false }
        var j = p
        while j < s.count && j - p < 6 && (s[j] == 0x49 || s[j] == 0x56 || s[j] == 0x58) { j += 1 }
        guard j > p, j + 1 < s.count, s[j] == 0x20 else { return false }
        let (v, _) = scalar(at: j + 1)
        return Unicode.Scalar(v)?.properties.isLowercase ?? false
    }

    /// Whether the "(" at `i` closes (without nesting, within
    /// ``tokenLimit`` × 2 bytes) with only whitespace after it up to a
    /// blank line or the end of the text.
    func bracketEndsParagraph(at i: Int) -> Bool {
        var j = i + 1
        let ceiling = Swift.min(s.count, i + 2 * TextView.tokenLimit)
        while j < ceiling && s[j] != 0x29 && s[j] != 0x28 && s[j] != 0x0A { j += 1 }
        guard j < ceiling, s[j] == 0x29 else { return false }
        let after = skipWhiteSpaceForward(s, from: j + 1, to: s.count)
        return after == s.count || lineBreaks(in: j + 1..<after).paragraph
    }

    /// "-3" or "–3" in "1. -3." or "1.-3.": a dash and one to three digits,
    /// after a number of up to three digits and a period.
    func isOrdinalRangeEnd(_ word: Token) -> Bool {
        var i = word.start
        var dashEnd = i
        if i < word.end && s[i] == 0x2D { dashEnd = i + 1 }
        else if i + 2 < word.end && s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0x93 { dashEnd = i + 3 }
        else {
            // "1.-3": the first number glued.
            var d = i
            while d < word.end && d - i < 3 && s[d] >= 0x30 && s[d] <= 0x39 { d += 1 }
            guard d > i, d + 1 < word.end, s[d] == 0x2E else { return false }
            i = d + 1
            guard s[i] == 0x2D else { return false }
            dashEnd = i + 1
            let digits = Token(start: dashEnd, end: word.end)
            return digits.end - digits.start <= 3 && isASCIIDigits(digits)
        }
        let digits = Token(start: dashEnd, end: word.end)
        guard digits.end - digits.start <= 3, isASCIIDigits(digits) else { return false }
        let e = skipWhitespaceBackward(from: word.start)
        guard e >= 2, e < word.start, s[e - 1] == 0x2E else { return false }
        let before = tokenBefore(e - 1)
        return before.end - before.start <= 3 && isASCIIDigits(before)
    }

    /// Whether the token before `start` is one or two digits and a period ("3.").
    func previousTokenIsDayNumber(before start: Int) -> Bool {
        let e = skipWhitespaceBackward(from: start)
        guard e >= 2, e < start, s[e - 1] == 0x2E else { return false }
        let before = tokenBefore(e - 1)
        return before.end - before.start <= 2 && isASCIIDigits(before)
    }

    /// Whether the range holds a quotation mark.
    func holdsQuote(_ r: Range<Int>) -> Bool {
        var i = r.lowerBound
        while i < r.upperBound {
            let (v, n) = scalar(at: i)
            if isQuote(v) { return true }
            i += n
        }
        return false
    }

    /// The first opening bracket or quote in the closing run `r` after a
    /// terminator: a bracket that only opens (《 「 『 【 〈 （ ( [), or an
    /// ambiguous quote (“ " ‘ « „) glued to the next word with nothing but
    /// openers after it. Nil when the run has none.
    func openerAfterTerminator(from start: Int, to end: Int, glued: Bool) -> Int? {
        var i = start
        while i < end {
            let (v, n) = scalar(at: i)
            switch v {
            case 0x300A, 0x300C, 0x300E, 0x3010, 0x3008, 0xFF08, 0xFF3B, 0x28, 0x5B:
                return i
            case 0x201C, 0x22, 0x2018, 0xAB, 0x201E:
                if glued && onlyOpeners(i + n, end) { return i }
            default:
                break
            }
            i += n
        }
        return nil
    }

    private func onlyOpeners(_ from: Int, _ to: Int) -> Bool {
        var i = from
        while i < to {
            let (v, n) = scalar(at: i)
            if !isOpener(v) { return false }
            i += n
        }
        return true
    }

    /// 1–3 digits, one letter, or a lower- or upper-case roman numeral of up
    /// to four letters (i, iv, viii).
    func isListMarker(_ token: Token) -> Bool {
        let n = token.end - token.start
        guard n >= 1 && n <= 4 else { return false }
        if isASCIIDigits(token) { return n <= 3 }
        if isSingleLetter(token) != .none { return true }
        var lower = true, upper = true
        for i in token.start..<token.end {
            let c = s[i]
            if !(c == 0x69 || c == 0x76 || c == 0x78) { lower = false }
            if !(c == 0x49 || c == 0x56 || c == 0x58) { upper = false }
        }
        return lower || upper
    }

    /// Whether the text has 《 〈 「 『 or （ at all (E3 80 8A, E3 80 88,
    /// E3 80 8C, E3 80 8E, EF BC 88): most texts do not, and then no boundary
    /// needs the backward scan.
    var hasTitleMarks = true

    static func containsTitleMarks(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = s.baseAddress else { return false }
        var f = 0
        while f + 2 < s.count, let hit = memchrByte(base + f, 0xEF, s.count - 2 - f) {
            let at = base.distance(to: hit)
            if s[at + 1] == 0xBC && s[at + 2] == 0x88 { return true }
            f = at + 1
        }
        var i = 0
        while i + 2 < s.count, let hit = memchrByte(base + i, 0xE3, s.count - 2 - i) {
            let at = base.distance(to: hit)
            if s[at + 1] == 0x80 && (s[at + 2] == 0x8A || s[at + 2] == 0x88 || s[at + 2] == 0x8C
                                     || s[at + 2] == 0x8E) { return true }
            i = at + 1
        }
        return false
    }

    /// True inside 《…》, 〈…〉 (CJK title marks), 「…」 or 『…』 (CJK quotes)
    /// or （…） (fullwidth brackets: an aside, "（これは山です。これは山です）。")
    /// within the paragraph (at most 400 scalars back).
    func insideTitleMarks(_ p: Int) -> Bool {
        guard hasTitleMarks else { return false }
        var depth = 0
        var i = p
        var steps = 0
        while i > 0 && steps < 400 {
            let (v, start) = scalar(before: i)
            if v == 0x0A { break }
            if v == 0x300B || v == 0x3009 || v == 0x300D || v == 0x300F || v == 0xFF09 { depth += 1 }
            if v == 0x300A || v == 0x3008 || v == 0x300C || v == 0x300E || v == 0xFF08 {
                if depth == 0 { return true }
                depth -= 1
            }
            i = start
            steps += 1
        }
        return false
    }

    struct Paragraph {
        var range: Range<Int>
        var hasTerminator: Bool
        var longestLine: Int
    }

    /// The paragraph (between blank lines) containing offset `i`, cached.
    mutating func paragraph(containing i: Int) -> Paragraph {
        if let c = paragraphCache, c.range.contains(i) { return c }
        // Backward to a blank line or the start.
        var start = lineStart(before: i)
        while start > 0 {
            let prevEnd = start - 1 - ((start >= 2 && s[start - 2] == 0x0D && s[start - 1] == 0x0A) ? 1 : 0)
            let prevStart = lineStart(before: max(prevEnd, 0))
            if skipWhiteSpaceForward(s, from: prevStart, to: max(prevEnd, prevStart)) >= prevEnd { break }
            start = prevStart
        }
        // Forward line by line to a blank line or the end.
        var end = start
        var longest = 0
        var hasTerminator = false
        var lineBegin = start
        while lineBegin < s.count {
            var j = lineBegin
            while j < s.count && s[j] != 0x0A && s[j] != 0x0D { j += 1 }
            let contentStart = skipWhiteSpaceForward(s, from: lineBegin, to: j)
            if contentStart == j && lineBegin > start { break }   // blank line
            longest = max(longest, scalarCount(lineBegin..<j))
            // Terminators by their bytes: . ! ? and … 。 ！ ？ (E2 80 A6,
            // E3 80 82, EF BC 81, EF BC 9F).
            var k = lineBegin
            while k < j && !hasTerminator {
                let c = s[k]
                if c == 0x2E || c == 0x21 || c == 0x3F { hasTerminator = true }
                else if k + 2 < j && ((c == 0xE2 && s[k + 1] == 0x80 && s[k + 2] == 0xA6)
                                      || (c == 0xE3 && s[k + 1] == 0x80 && s[k + 2] == 0x82)
                                      || (c == 0xEF && s[k + 1] == 0xBC
                                          && (s[k + 2] == 0x81 || s[k + 2] == 0x9F))) {
                    hasTerminator = true
                }
                k += 1
            }
            end = j
            if j < s.count && s[j] == 0x0D { j += 1 }
            if j < s.count && s[j] == 0x0A { j += 1 }
            lineBegin = j
        }
        let p = Paragraph(range: start..<max(end + 1, i + 1), hasTerminator: hasTerminator,
                          longestLine: longest)
        paragraphCache = p
        return p
    }
}

/// A half-open byte range of the text.
struct Token {
    var start: Int
    var end: Int
    var startsLowercase = false
    var startsUppercase = false
    var startsDigit = false
    var startsCaseless = false
    var endsWithPeriod = false

    var isEmpty: Bool { start >= end }

    init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// A following token, classified by its first letter or digit (after
    /// opening quotes and brackets).
    init(start: Int, end: Int, view t: TextView) {
        self.init(start: start, end: end)
        endsWithPeriod = end > start && t.s[end - 1] == 0x2E
        var i = start
        while i < end {
            let c = t.s[i]
            if c < 0x80 {
                if isOpener(UInt32(c)) { i += 1; continue }
                if c >= 0x61 && c <= 0x7A { startsLowercase = true }
                else if c >= 0x41 && c <= 0x5A { startsUppercase = true }
                else if c >= 0x30 && c <= 0x39 { startsDigit = true }
                break
            }
            let (v, n) = t.scalar(at: i)
            guard let u = Unicode.Scalar(v) else { break }
            if isOpener(v) { i += n; continue }
            let p = u.properties
            if p.isLowercase { startsLowercase = true }
            else if p.isUppercase { startsUppercase = true }
            else if p.numericType != nil { startsDigit = true }
            else if p.isAlphabetic { startsCaseless = true }
            break
        }
    }

    func trimmingOpeners(in t: TextView) -> Token {
        var copy = self
        while copy.start < copy.end {
            let (v, n) = t.scalar(at: copy.start)
            guard isOpener(v) else { break }
            copy.start += n
        }
        return copy
    }

    /// The token without opening punctuation and without trailing
    /// punctuation (or, with `keepInner`, without trailing punctuation only).
    func wordPart(in t: TextView, keepInner: Bool = false) -> Token {
        var copy = trimmingOpeners(in: t)
        while copy.start < copy.end {
            let c = t.s[copy.end - 1]
            if c < 0x80 {
                let isWord = (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A)
                if isWord { break }
                copy.end -= 1
                continue
            }
            let (v, start) = t.scalar(before: copy.end)
            guard let u = Unicode.Scalar(v), !u.properties.isAlphabetic,
                  u.properties.numericType == nil else { break }
            copy.end = start
        }
        return copy
    }

    /// "R." — one upper-case letter and a period.
    func isInitial(in t: TextView) -> Bool {
        let w = trimmingOpeners(in: t)
        guard w.end - w.start >= 2, t.s[w.end - 1] == 0x2E else { return false }
        let (v, n) = t.scalar(at: w.start)
        return w.start + n == w.end - 1 && (Unicode.Scalar(v)?.properties.isUppercase ?? false)
    }
}

struct TerminatorRun {
    var start: Int
    var end: Int
    var dots = 0
    var spaced = false
    var hasQuestionOrExclamation = false
    var hasEllipsisCharacter = false
    var other = false

    var isEmpty: Bool { start >= end }

    /// Whether the run holds "!" (or its fullwidth and double forms).
    func hasExclamation(in t: TextView) -> Bool {
        var i = start
        while i < end {
            let (v, n) = t.scalar(at: i)
            if v == 0x21 || v == 0xFF01 || v == 0x203C || v == 0x2049 { return true }
            i += n
        }
        return false
    }

    /// "[...]", "(…)": an ellipsis or period enclosed in brackets.
    func isBracketed(in t: TextView) -> Bool {
        guard start > 0, end < t.count else { return false }
        let before = t.s[start - 1], after = t.s[end]
        return (before == 0x5B && after == 0x5D) || (before == 0x28 && after == 0x29)
    }
}

/// Closing punctuation that may follow a terminator: quotes, brackets.
@inline(__always)
func isCloser(_ v: UInt32) -> Bool {
    switch v {
    case 0x22, 0x27, 0x29, 0x5D, 0x7D, 0xBB, 0x2019, 0x201D, 0x201C, 0x203A, 0x300D, 0x300F,
         0x3011, 0x300B, 0x3009, 0xFF09, 0xFF3D, 0xFF63:
        return true
    default:
        return false
    }
}

/// Han ideographs (CJK Unified Ideographs and Extension A, compatibility
/// ideographs) and kana: the scripts written without spaces between words.
@inline(__always)
func isHanOrKana(_ v: UInt32) -> Bool {
    (v >= 0x3040 && v <= 0x30FF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x4E00 && v <= 0x9FFF)
        || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0x31F0 && v <= 0x31FF) || (v >= 0xFF66 && v <= 0xFF9F)
}

/// Bidirectional formatting characters (U+200E, U+200F, U+202A–U+202E,
/// U+2066–U+2069): invisible, ignored around terminators.
@inline(__always)
func isBidiControl(_ v: UInt32) -> Bool {
    v == 0x200E || v == 0x200F || (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069)
}

/// Brackets that only open (general category Ps): 《 「 『 【 〈 （ ［ ( [.
@inline(__always)
func isOpeningBracket(_ v: UInt32) -> Bool {
    switch v {
    case 0x300A, 0x300C, 0x300E, 0x3010, 0x3008, 0xFF08, 0xFF3B, 0x28, 0x5B: return true
    default: return false
    }
}

@inline(__always)
func isOpener(_ v: UInt32) -> Bool {
    switch v {
    case 0x22, 0x27, 0x28, 0x5B, 0x7B, 0xAB, 0x2018, 0x201A, 0x201C, 0x201E, 0x2039, 0x300C,
         0x300E, 0x3010, 0x300A, 0x3008, 0xFF08, 0xFF3B, 0xFF62, 0xBF, 0xA1:
        return true
    default:
        return false
    }
}

/// Quotation marks of every style, opening or closing: " ' « » ‹ › “ ” „ ‘ ’ ‚ 「 」.
@inline(__always)
func isQuote(_ v: UInt32) -> Bool {
    switch v {
    case 0x22, 0x27, 0xAB, 0xBB, 0x2039, 0x203A, 0x2018, 0x2019, 0x201A, 0x201C, 0x201D, 0x201E,
         0x300C, 0x300D:
        return true
    default:
        return false
    }
}

@inline(__always)
func memchrByte(_ p: UnsafePointer<UInt8>, _ byte: UInt8, _ n: Int) -> UnsafePointer<UInt8>? {
    guard n > 0, let r = memchr(p, Int32(byte), n) else { return nil }
    return UnsafePointer(r.assumingMemoryBound(to: UInt8.self))
}

extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
