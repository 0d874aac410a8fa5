import CICUShim

/// How paragraphs are compared for near-duplicates.
///
/// ```swift
/// var options = DedupOptions()
/// options.threshold = 0.85            // Jaccard of word 5-gram sets
/// options.containment = nil           // no "contained" matches
/// ```
public struct DedupOptions: Sendable, Hashable {
    /// What a shingle is: `words(n)` (word n-grams; default n = 5) or
    /// `characters(n)` (character n-grams over the normalized text).
    public enum Shingles: Sendable, Hashable {
        case words(Int)
        case characters(Int)
    }

    public var shingles: Shingles = .words(5)
    /// Jaccard similarity at or above which two paragraphs are near-duplicates.
    public var threshold: Double = 0.8
    /// Containment (share of the new paragraph's shingles found in an
    /// earlier one) at or above which the new paragraph is a truncated copy
    /// of the earlier one: it is contained in it. Never the reverse: a new,
    /// longer paragraph that contains an earlier short one (a title, a
    /// teaser, a pull quote) is not its duplicate. nil turns it off.
    public var containment: Double? = 0.9
    /// Paragraphs with fewer word tokens than this (letters, numbers, kana
    /// and ideographs; punctuation and symbols are not tokens) are never
    /// reported as duplicates, exact or not: one-word lines such as "Share"
    /// or "1", and separators without a letter or digit (`* * *`, `→`,
    /// `---`, 0 tokens), repeat everywhere and mean nothing. They are still
    /// stored, so later paragraphs can match them only if they pass the same
    /// rule. 1 keeps only the no-letter-or-digit rule. A verification rule,
    /// not a fingerprint setting: it may change between runs of one index.
    public var minimumTokens: Int = 3
    /// At most this many paragraphs of each LSH bucket are verified for a
    /// new paragraph: the most recent ones (highest sequence), so at most
    /// `banding.bands` × this many verifications per paragraph, whatever
    /// the input. Text that many paragraphs share without being duplicates
    /// of each other (templates, boilerplate with a few words changed)
    /// fills a bucket with all of them, and verifying every one would make
    /// adding n such paragraphs cost n²/2. 0 verifies every paragraph of
    /// every bucket (no bound). The default is far above the buckets of
    /// ordinary text: on the dedup benchmark's 240,000 paragraphs and on
    /// real pages it changes no result, where 8 would
    /// (Benchmarks/dedup/results/bound.md). A
    /// verification rule, not a fingerprint setting: it may change between
    /// runs of one index.
    public var candidatesPerBucket: Int = 128
    /// MinHash signature length (one-permutation hashing into this many bins).
    public var permutations: Int = 64
    /// Seed of every hash: fixed, so fingerprints agree across runs,
    /// machines and front doors. Change it only for a new index.
    public var seed: UInt64 = 0x6A09_E667_F3BC_C908

    public init() {}

    /// Checks the options; throws `invalidArgument` naming the bad one.
    public func validate() throws(GalleyError) {
        switch shingles {
        case .words(let n), .characters(let n):
            guard (1...32).contains(n) else { throw .invalidArgument("shingle size \(n) is not in 1...32") }
        }
        guard threshold > 0 && threshold <= 1 else {
            throw .invalidArgument("threshold \(threshold) is not in (0, 1]")
        }
        guard minimumTokens >= 1 else {
            throw .invalidArgument("minimumTokens \(minimumTokens) is below 1")
        }
        guard candidatesPerBucket >= 0 else {
            throw .invalidArgument("candidatesPerBucket \(candidatesPerBucket) is below 0")
        }
        if let c = containment, !(c > 0 && c <= 1) {
            throw .invalidArgument("containment \(c) is not in (0, 1]")
        }
        guard (8...1024).contains(permutations) else {
            throw .invalidArgument("permutations \(permutations) is not in 8...1024")
        }
    }

    /// LSH banding chosen from the threshold for high recall: the most rows
    /// per band (fewest false candidates) such that a pair 0.1 below the
    /// threshold still becomes a candidate with probability >= 0.995.
    /// Verification removes the false candidates.
    public var banding: (bands: Int, rows: Int) {
        let target = Swift.max(threshold - 0.1, 0.05)
        var best = (bands: permutations, rows: 1)
        for rows in 1...16 {
            let bands = permutations / rows
            guard bands >= 1 else { break }
            var p = 1.0
            var q = 1.0
            for _ in 0..<rows { q *= target }
            for _ in 0..<bands { p *= (1 - q) }
            if 1 - p >= 0.995 { best = (bands, rows) }
        }
        return best
    }
}

/// A paragraph's fingerprint: what the index stores about it.
public struct Fingerprint: Sendable, Equatable {
    /// Hash of the normalized token sequence: equal for exact duplicates
    /// after normalization.
    public var exactHash: UInt64
    /// Tokens after normalization.
    public var tokenCount: Int
    /// Sorted, unique 16-bit fingerprints of the shingles (for verification).
    public var shingles: [UInt16]
    /// One 32-bit key per LSH band; empty when the paragraph has fewer
    /// tokens than the shingle size (it then matches by exact hash only).
    public var bandKeys: [UInt32]
}

/// Computes fingerprints. Normalization for hashing: NFKC case folding,
/// apostrophes dropped inside words ("don’t" = "don't" = "dont"), tokens from
/// UAX #29 word segmentation (letters, numbers, kana, ideographs; so CJK and
/// Thai work), punctuation, symbols and whitespace dropped, digits kept
/// (paragraphs that differ in their numbers report different facts).
///
/// Holds ICU state: one per thread.
public final class Fingerprinter {
    public let options: DedupOptions
    private let words: Segmenter
    private let banding: (bands: Int, rows: Int)

    public init(options: DedupOptions = DedupOptions()) throws(GalleyError) {
        try options.validate()
        self.options = options
        self.words = try Segmenter(.word, language: "", keepWhitespace: false)
        self.banding = options.banding
    }

    /// The fingerprint of valid UTF-8 text.
    public func fingerprint(_ text: String) throws(GalleyError) -> Fingerprint {
        var copy = text
        let r = copy.withUTF8 { buf in
            Result { () throws(GalleyError) -> Fingerprint in try fingerprintValid(buf) }
        }
        return try r.get()
    }

    /// The fingerprint of bytes, validated first.
    public func fingerprint(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(GalleyError) -> Fingerprint {
        try UTF8Validation.validate(bytes)
        return try fingerprintValid(bytes)
    }

    private func fingerprintValid(_ s: UnsafeBufferPointer<UInt8>) throws(GalleyError) -> Fingerprint {
        let tokens = try tokenHashes(s)
        var exact = options.seed ^ 0x9E37_79B9_7F4A_7C15
        for t in tokens { exact = mix64(exact &* 0x100_0000_01B3 ^ t) }
        exact = mix64(exact ^ UInt64(tokens.count))

        var shingleHashes: [UInt64] = []
        switch options.shingles {
        case .words(let n):
            if tokens.count >= n {
                shingleHashes.reserveCapacity(tokens.count - n + 1)
                for i in 0...(tokens.count - n) {
                    var h = options.seed
                    for k in 0..<n { h = mix64(h ^ tokens[i + k] &+ UInt64(k)) }
                    shingleHashes.append(h)
                }
            }
        case .characters(let n):
            shingleHashes = characterShingles(tokens: tokenStrings, n: n)
        }
        if shingleHashes.isEmpty {
            return Fingerprint(exactHash: exact, tokenCount: tokens.count, shingles: [], bandKeys: [])
        }
        // 16-bit fingerprints for verification, sorted and unique.
        var small = shingleHashes.map { UInt16(truncatingIfNeeded: $0 >> 48) }
        small.sort()
        var unique: [UInt16] = []
        unique.reserveCapacity(small.count)
        for v in small where unique.last != v { unique.append(v) }

        // One-permutation MinHash with rotation densification.
        let k = options.permutations
        // Bin values are 32-bit hashes below UInt32.max (max = empty bin).
        var bins = [UInt32](repeating: UInt32.max, count: k)
        for h in shingleHashes {
            let y = mix64(h ^ options.seed)
            let bin = Int((UInt64(UInt32(truncatingIfNeeded: y >> 32)) &* UInt64(k)) >> 32)
            let value = Swift.min(UInt32(truncatingIfNeeded: y), UInt32.max - 1)
            if value < bins[bin] { bins[bin] = value }
        }
        densify(&bins)
        var keys: [UInt32] = []
        keys.reserveCapacity(banding.bands)
        for b in 0..<banding.bands {
            var h = options.seed ^ UInt64(b) &* 0x9E37_79B9_7F4A_7C15
            for r in 0..<banding.rows { h = mix64(h ^ UInt64(bins[b * banding.rows + r])) }
            keys.append(UInt32(truncatingIfNeeded: h))
        }
        return Fingerprint(exactHash: exact, tokenCount: tokens.count, shingles: unique, bandKeys: keys)
    }

    // The normalized tokens' texts, kept only for character shingles.
    private var tokenStrings: [[UInt8]] = []

    /// 64-bit hashes of the normalized word tokens, in order.
    private func tokenHashes(_ s: UnsafeBufferPointer<UInt8>) throws(GalleyError) -> [UInt64] {
        tokenStrings.removeAll(keepingCapacity: true)
        let keepStrings: Bool
        if case .characters = options.shingles { keepStrings = true } else { keepStrings = false }
        var hashes: [UInt64] = []
        let seed = options.seed
        func add(_ bytes: UnsafeBufferPointer<UInt8>) {
            var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed
            var any = false
            var kept: [UInt8] = []
            var i = 0
            while i < bytes.count {
                let c = bytes[i]
                // Apostrophes inside words do not count: ' ’ ‘ ʼ.
                if c == 0x27 { i += 1; continue }
                if c == 0xE2 && i + 2 < bytes.count && bytes[i + 1] == 0x80
                    && (bytes[i + 2] == 0x99 || bytes[i + 2] == 0x98) { i += 3; continue }
                if c == 0xCA && i + 1 < bytes.count && bytes[i + 1] == 0xBC { i += 2; continue }
                h = (h ^ UInt64(c)) &* 0x100_0000_01B3
                if keepStrings { kept.append(c) }
                any = true
                i += 1
            }
            if any {
                hashes.append(mix64(h))
                if keepStrings { tokenStrings.append(kept) }
            }
        }
        // ASCII: lower-case and split at runs of letters and digits (with
        // inner ' and . between letters or digits, and , ; between digits),
        // as UAX #29 does for ASCII; no ICU round trip.
        var ascii = true
        for b in s where b >= 0x80 { ascii = false; break }
        if ascii {
            var buffer = [UInt8](repeating: 0, count: s.count)
            for i in 0..<s.count {
                let c = s[i]
                buffer[i] = (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c
            }
            if keepStrings {
                buffer.withUnsafeBufferPointer { b in
                    forEachASCIIToken(b) { add(UnsafeBufferPointer(rebasing: b[$0])) }
                }
                return hashes
            }
            // The common case, hashed inline: FNV-1a over the token's bytes,
            // apostrophes skipped (the same hash `add` computes).
            hashes.reserveCapacity(s.count / 5)
            buffer.withUnsafeBufferPointer { b in
                forEachASCIIToken(b) { r in
                    var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed
                    var any = false
                    for i in r where b[i] != 0x27 {
                        h = (h ^ UInt64(b[i])) &* 0x100_0000_01B3
                        any = true
                    }
                    if any { hashes.append(mix64(h)) }
                }
            }
            return hashes
        }
        // Other text: NFKC_Casefold through ICU, then ICU's word boundaries.
        guard let base = s.baseAddress else { return hashes }
        var folded: UnsafeMutablePointer<UInt8>? = nil
        var foldedLength = 0
        var icuError: Int32 = 0
        let rc = gshim_nfkc_casefold(base, s.count, &folded, &foldedLength, &icuError)
        defer { gshim_free(folded) }
        switch Int(rc) {
        case Int(GSHIM_OK): break
        case Int(GSHIM_NO_MEMORY): throw .outOfMemory
        case Int(GSHIM_TOO_LARGE): throw .tooLarge(length: s.count, limit: Int(Int32.max) / 4)
        default:
            throw .icu(code: icuError, name: String(cString: gshim_icu_error_name(icuError)),
                       context: "case-folding \(s.count) bytes for hashing")
        }
        guard let folded else { return hashes }
        let text = UnsafeBufferPointer(start: folded, count: foldedLength)
        try words.forEachSegment(utf8: text) { seg in
            if seg.kind != .other { add(UnsafeBufferPointer(rebasing: text[seg.range])) }
        }
        return hashes
    }

    /// Character n-grams over the tokens joined by single spaces.
    private func characterShingles(tokens: [[UInt8]], n: Int) -> [UInt64] {
        var scalars: [UInt32] = []
        for (i, t) in tokens.enumerated() {
            if i > 0 { scalars.append(0x20) }
            t.withUnsafeBufferPointer { b in
                var k = 0
                while k < b.count {
                    let (v, len) = decodeScalar(b, at: k)
                    scalars.append(v)
                    k += len
                }
            }
        }
        guard scalars.count >= n else { return [] }
        var out: [UInt64] = []
        out.reserveCapacity(scalars.count - n + 1)
        for i in 0...(scalars.count - n) {
            var h = options.seed ^ 0xC2B2_AE3D_27D4_EB4F
            for k in 0..<n { h = mix64(h ^ UInt64(scalars[i + k]) &+ UInt64(k)) }
            out.append(h)
        }
        return out
    }
}

@inline(__always)
/// One-permutation MinHash's rotation densification: each empty bin
/// (UInt32.max) takes the next filled bin's value, circularly, mixed with its
/// distance to it. One backward pass from a filled bin: O(k) (a forward
/// search from every empty bin was O(k²): 1024 permutations and one shingle
/// cost a million steps per paragraph). All bins empty: left as they are.
func densify(_ bins: inout [UInt32]) {
    let k = bins.count
    guard let first = bins.firstIndex(where: { $0 != UInt32.max }) else { return }
    var nearest = bins[first]
    var distance: UInt64 = 1
    var i = first
    for _ in 0..<(k - 1) {
        i = i == 0 ? k - 1 : i - 1
        if bins[i] != UInt32.max {
            nearest = bins[i]
            distance = 1
        } else {
            bins[i] = UInt32(truncatingIfNeeded: mix64(UInt64(nearest) ^ (distance << 32)))
            distance += 1
        }
    }
}

private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

/// ASCII word tokens of lower-cased text: runs of letters, digits and "_",
/// joined across ' and . between letters or digits and , ; between digits
/// (as UAX #29 joins them in ASCII).
@inline(__always)
private func forEachASCIIToken(_ b: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
    var i = 0
    while i < b.count {
        guard isASCIIWordByte(b[i]) else { i += 1; continue }
        let start = i
        while i < b.count {
            if isASCIIWordByte(b[i]) { i += 1; continue }
            if i + 1 < b.count && isASCIIWordByte(b[i + 1]) && i > start {
                let mid = b[i], prev = b[i - 1], next = b[i + 1]
                let digits = isDigit(prev) && isDigit(next)
                let letters = !isDigit(prev) && !isDigit(next)
                if ((mid == 0x27 || mid == 0x2E) && (letters || digits))
                    || ((mid == 0x2C || mid == 0x3B) && digits) {
                    i += 1
                    continue
                }
            }
            break
        }
        body(start..<i)
    }
}

@inline(__always)
private func isASCIIWordByte(_ c: UInt8) -> Bool {
    (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
}

/// SplitMix64's finalizer: a fast, well-mixed, platform-independent 64-bit mix.
@inline(__always)
func mix64(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
