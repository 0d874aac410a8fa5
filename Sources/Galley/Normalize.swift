import CICUShim
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Options

/// How ``normalize(_:options:)`` cleans text.
///
/// The defaults (NFC, spaces collapsed, quotes and dashes left alone) are
/// safe for any language; folding is for matching and deduplication, where
/// “smart” and "plain" quotes should compare equal.
///
/// ```swift
/// var options = NormalizationOptions()
/// options.form = .nfkc
/// options.foldQuotes = true
/// try normalize("“ﬁne”", options: options).text   // "\"fine\""
/// ```
public struct NormalizationOptions: Sendable, Hashable {
    /// A Unicode normalization form.
    public enum Form: Sendable, Hashable, CaseIterable {
        /// Canonical composition: "e\u{301}" becomes "é"; nothing changes
        /// meaning. The default.
        case nfc
        /// Compatibility composition: also "ﬁ" → "fi", "①" → "1",
        /// full-width "Ａ" → "A", "²" → "2". Loses distinctions (superscripts,
        /// ligatures) that search and matching do not want.
        case nfkc
    }

    /// The normalization form; default ``Form/nfc``.
    public var form: Form
    /// Map typographic double quotes “ ” „ ‟ « » ‹ › to `"` and single
    /// quotes ‘ ’ ‚ ‛ to `'`. Default false.
    public var foldQuotes: Bool
    /// Map the dashes ‐ ‑ ‒ – — ― and the minus sign − to `-`. Default false.
    public var foldDashes: Bool
    /// Collapse every run of horizontal spaces (space, tab and the Unicode
    /// space separators) to one space, and drop the runs that end a line or
    /// the text. A lone tab is kept as a tab. Default true. When false, each
    /// Unicode space still becomes U+0020 but runs are kept as they are.
    public var collapseSpaces: Bool
    /// The unit of the offsets the result's map takes and returns: UTF-8
    /// bytes (default) or Unicode scalars (what Python's `str` indexes).
    public var offsetUnit: OffsetUnit

    public init(form: Form = .nfc, foldQuotes: Bool = false, foldDashes: Bool = false,
                collapseSpaces: Bool = true, offsetUnit: OffsetUnit = .utf8) {
        self.form = form
        self.foldQuotes = foldQuotes
        self.foldDashes = foldDashes
        self.collapseSpaces = collapseSpaces
        self.offsetUnit = offsetUnit
    }
}

// MARK: - Result

/// Normalized text and the map from its offsets back to the original's.
///
/// Offsets are in the unit the options asked for (UTF-8 bytes by default).
/// The map is exact wherever the text was kept or a whole character was
/// replaced or removed. Where normalization rewrote a stretch as a whole
/// (NFKC "ﬁ" → "fi", a reordered or composed combining sequence), every
/// offset inside the rewritten stretch maps to the start of its original,
/// and the stretch's end to the original's end.
///
/// ```swift
/// let text = "Tea\u{A0}\u{A0}time.\u{200B} Done."
/// let n = try normalize(text)                        // "Tea time. Done."
/// let s = try sentences(in: n.text)                  // ["Tea time.", "Done."]
/// n.originalRange(0..<9)                             // 0..<12: "Tea\u{A0}\u{A0}time."
/// ```
///
/// Immutable; share it freely between threads.
public struct NormalizedText: Sendable, Hashable {
    /// The normalized text.
    public let text: String
    /// The unit of the offsets ``originalOffset(_:)`` takes and returns.
    public let offsetUnit: OffsetUnit
    /// The length of ``text`` in ``offsetUnit``.
    public let count: Int
    /// The length of the original text in ``offsetUnit``.
    public let originalCount: Int
    let map: OffsetMap

    /// The original offset of normalized offset `offset` (0 ... ``count``):
    /// where the character at `offset` came from. Offsets inside a
    /// rewritten stretch map to its start; text removed just before
    /// `offset` (a zero-width space, a run of spaces) is skipped, so the
    /// result is where the next kept character starts. ``count`` maps to
    /// ``originalCount``. Non-decreasing in `offset`.
    public func originalOffset(_ offset: Int) -> Int {
        precondition(offset >= 0 && offset <= count, "offset \(offset) is outside 0...\(count)")
        return map.start(offset)
    }

    /// The original offset just past the character before normalized
    /// offset `offset` (0 ... ``count``): the end of what the normalized
    /// text up to `offset` came from. Text removed just before `offset` is
    /// not included; inside a rewritten stretch the result is its end.
    /// Non-decreasing in `offset`; 0 for 0.
    public func originalEndOffset(_ offset: Int) -> Int {
        precondition(offset >= 0 && offset <= count, "offset \(offset) is outside 0...\(count)")
        return map.end(offset)
    }

    /// The original range a normalized range came from: its start through
    /// ``originalOffset(_:)`` and its end through ``originalEndOffset(_:)``,
    /// so that removed text around it is left out. An empty range maps to
    /// an empty range at ``originalOffset(_:)`` of its bound.
    public func originalRange(_ range: Range<Int>) -> Range<Int> {
        precondition(range.lowerBound >= 0 && range.upperBound <= count,
                      "range \(range) is outside 0...\(count)")
        let lo = map.start(range.lowerBound)
        if range.isEmpty { return lo..<lo }
        return lo..<map.end(range.upperBound)
    }

    /// The number of checkpoints in the offset map (16 bytes each): 2
    /// when nothing changed, and one or two more per changed place.
    public var mapCheckpoints: Int { map.checkpoints }
}

/// The map from normalized to original offsets: checkpoints (n, o) sorted
/// by n. A checkpoint starts a segment that runs to the next one, either
/// *exact* (normalized n + k came from original o + k) or *rewritten* (the
/// whole segment came from original o up to the next checkpoint's o).
/// Removed text shows as a jump in o between segments. Between checkpoints
/// nothing is stored, so unchanged text costs nothing. The last checkpoint
/// is (normalized length, original length).
struct OffsetMap: Sendable, Hashable {
    /// Normalized offsets of the checkpoints (non-decreasing).
    private(set) var normalized: [Int]
    /// Original offsets, shifted left one bit; the low bit is 1 when the
    /// segment is rewritten.
    private(set) var original: [Int]

    var checkpoints: Int { normalized.count }

    init(normalized: [Int], original: [Int]) {
        self.normalized = normalized
        self.original = original
    }

    /// The last checkpoint whose normalized offset is <= n (or < n when
    /// `strict`). The first checkpoint is always at 0.
    @inline(__always)
    private func segment(_ n: Int, strict: Bool) -> Int {
        var lo = 0, hi = normalized.count   // answer in [lo, hi)
        normalized.withUnsafeBufferPointer { b in
            while hi - lo > 1 {
                let mid = (lo &+ hi) >> 1
                let v = b[mid]
                if strict ? v < n : v <= n { lo = mid } else { hi = mid }
            }
        }
        return lo
    }

    func start(_ n: Int) -> Int {
        let i = segment(n, strict: false)
        let o = original[i]
        return o & 1 == 0 ? (o >> 1) + (n - normalized[i]) : o >> 1
    }

    func end(_ n: Int) -> Int {
        if n == 0 { return 0 }
        let i = segment(n, strict: true)
        let o = original[i]
        return o & 1 == 0 ? (o >> 1) + (n - normalized[i]) : original[i + 1] >> 1
    }
}

/// Builds an OffsetMap from the output's pieces, in order: an exact piece
/// (output bytes equal to the original bytes at `o`) or a rewritten one
/// (output standing for original lo..<hi).
struct OffsetMapBuilder {
    var normalized: [Int] = [0]
    var original: [Int] = [0]
    /// The open segment: rewritten (with its original range) or exact (with
    /// original - normalized).
    private var rewritten = false
    private var delta = 0
    private var groupLo = 0
    private var groupHi = 0

    @inline(__always)
    private mutating func push(_ n: Int, _ o: Int, rewritten r: Bool) {
        normalized.append(n)
        original.append(o << 1 | (r ? 1 : 0))
    }

    /// Output from offset n on is a copy of the original from o on.
    @inline(__always)
    mutating func exact(_ n: Int, _ o: Int) {
        if !rewritten {
            if o - n == delta { return }
        } else if groupHi != o {
            push(n, groupHi, rewritten: false)   // ends the rewritten segment
        }
        if let last = normalized.last, last == n, normalized.count == 1 {
            original[0] = o << 1                 // text starts with removed text
        } else {
            push(n, o, rewritten: false)
        }
        rewritten = false
        delta = o - n
    }

    /// Output from offset n on (up to the next piece) stands for original lo..<hi.
    @inline(__always)
    mutating func rewrite(_ n: Int, _ lo: Int, _ hi: Int) {
        if rewritten {
            if lo == groupLo && hi == groupHi { return }   // same stretch
            if groupHi != lo { push(n, groupHi, rewritten: false) }
        }
        if normalized.count == 1 && n == 0 {
            original[0] = lo << 1 | 1
        } else {
            push(n, lo, rewritten: true)
        }
        rewritten = true
        groupLo = lo
        groupHi = hi
    }

    mutating func finish(normalizedCount: Int, originalCount: Int) -> OffsetMap {
        if rewritten && groupHi != originalCount { push(normalizedCount, groupHi, rewritten: false) }
        push(normalizedCount, originalCount, rewritten: false)
        return OffsetMap(normalized: normalized, original: original)
    }
}

// MARK: - Entry points

/// Normalizes text for segmentation and matching:
///
/// 1. Removes zero-width characters (U+200B–U+200D, U+2060), the byte order
///    mark U+FEFF, the soft hyphen U+00AD, U+180E, DEL, and the C0 and C1
///    controls except tab, LF, CR, VT, FF and NEL (U+0085), which Galley's
///    paragraph rules read as line ends.
/// 2. Applies NFC or NFKC.
/// 3. Maps every Unicode space separator (NBSP, thin, figure, ideographic…)
///    to U+0020; with `collapseSpaces`, collapses each run of spaces and tabs
///    to one space (a lone tab stays) and drops the runs that end a line
///    (before LF, CR, NEL, U+2028, U+2029) or the text. Leading spaces of a
///    line are kept, collapsed.
/// 4. Optionally folds typographic quotes and dashes to ASCII.
///
/// The result is in the requested form, and its map leads every offset
/// back to the original (see ``NormalizedText``).
///
/// ```swift
/// let n = try normalize("Caf\u{65}\u{301}\u{A0}au  lait\u{AD}s \n")
/// n.text                      // "Café au laits\n"
/// ```
/// - Throws: ``GalleyError/icu(code:name:context:)`` if ICU fails,
///   ``GalleyError/outOfMemory``.
public func normalize(_ text: String, options: NormalizationOptions = .init()) throws(GalleyError) -> NormalizedText {
    var copy = text
    let result = copy.withUTF8 { buf in
        Result { () throws(GalleyError) -> NormalizedText in try _normalize(buf, options) }
    }
    return try result.get()
}

/// Normalizes raw bytes, which are validated first (see ``normalize(_:options:)``).
/// - Throws: ``GalleyError/invalidUTF8(offset:)`` with the offset of the
///   first bad byte; ``GalleyError/icu(code:name:context:)``,
///   ``GalleyError/outOfMemory``.
public func normalize(utf8 bytes: UnsafeBufferPointer<UInt8>,
                      options: NormalizationOptions = .init()) throws(GalleyError) -> NormalizedText {
    try UTF8Validation.validate(bytes)
    return try _normalize(bytes, options)
}

func _normalize(_ s: UnsafeBufferPointer<UInt8>, _ options: NormalizationOptions) throws(GalleyError) -> NormalizedText {
    var handle: OpaquePointer? = nil
    var icuError: Int32 = 0
    let form = Int32(options.form == .nfc ? GSHIM_FORM_NFC : GSHIM_FORM_NFKC)
    switch Int(gshim_normalizer_open(form, &handle, &icuError)) {
    case Int(GSHIM_OK): break
    case Int(GSHIM_NO_MEMORY): throw .outOfMemory
    default:
        throw .icu(code: icuError, name: String(cString: gshim_icu_error_name(icuError)),
                   context: "opening the \(options.form) normalizer")
    }
    defer { gshim_normalizer_close(handle) }
    var n = _Normalizer(s, handle!, options)
    defer { n.release() }
    try n.run()
    let text = String(decoding: UnsafeBufferPointer(start: n.out, count: n.outCount), as: UTF8.self)
    var map = n.map.finish(normalizedCount: n.outCount, originalCount: s.count)
    var count = n.outCount
    var originalCount = s.count
    if options.offsetUnit == .unicodeScalars {
        map = scalarMap(map, normalized: UnsafeBufferPointer(start: n.out, count: n.outCount), original: s)
        count = map.normalized.last!
        originalCount = map.original.last! >> 1
    }
    return NormalizedText(text: text, offsetUnit: options.offsetUnit, count: count,
                          originalCount: originalCount, map: map)
}

/// The same map in Unicode scalar indices. Checkpoints sit on scalar
/// boundaries, so the conversion is exact.
private func scalarMap(_ m: OffsetMap, normalized: UnsafeBufferPointer<UInt8>,
                       original: UnsafeBufferPointer<UInt8>) -> OffsetMap {
    var nc = ScalarCounter(normalized)
    var oc = ScalarCounter(original)
    var ns: [Int] = []
    var os: [Int] = []
    ns.reserveCapacity(m.normalized.count)
    os.reserveCapacity(m.normalized.count)
    for k in m.normalized.indices {
        ns.append(nc.scalars(atByte: m.normalized[k]))
        let o = m.original[k]
        os.append(oc.scalars(atByte: o >> 1) << 1 | (o & 1))
    }
    return OffsetMap(normalized: ns, original: os)
}

/// Scalar index of a byte offset, for offsets asked in mostly increasing
/// order (it also steps back, byte by byte).
private struct ScalarCounter {
    let s: UnsafeBufferPointer<UInt8>
    var byte = 0
    var scalar = 0
    init(_ s: UnsafeBufferPointer<UInt8>) { self.s = s }

    mutating func scalars(atByte target: Int) -> Int {
        while byte > target {
            byte -= 1
            if s[byte] & 0xC0 != 0x80 { scalar -= 1 }
        }
        while target - byte >= 8 {
            let w = UnsafeRawPointer(s.baseAddress! + byte).loadUnaligned(as: UInt64.self)
            let continuation = w & ~(w << 1) & 0x8080_8080_8080_8080
            scalar += 8 - continuation.nonzeroBitCount
            byte += 8
        }
        while byte < target {
            if s[byte] & 0xC0 != 0x80 { scalar += 1 }
            byte += 1
        }
        return scalar
    }
}

// MARK: - Character classes

/// Removed before normalization.
@inline(__always)
func isRemovedScalar(_ v: UInt32) -> Bool {
    if v < 0x20 { return v != 0x09 && v != 0x0A && v != 0x0B && v != 0x0C && v != 0x0D }
    if v < 0x7F { return false }
    if v <= 0x9F { return v != 0x85 }          // DEL, C1 controls except NEL
    switch v {
    case 0xAD, 0x180E, 0x200B...0x200D, 0x2060, 0xFEFF: return true
    default: return false
    }
}

/// An ASCII byte that stays (not a removed control): a character that
/// never combines with what precedes it.
@inline(__always)
func isKeptASCII(_ b: UInt8) -> Bool {
    b >= 0x20 ? b < 0x7F : (b >= 0x09 && b <= 0x0D)
}

/// Space, tab and the space separators (General_Category Zs).
@inline(__always)
func isHorizontalSpace(_ v: UInt32) -> Bool {
    switch v {
    case 0x20, 0x09, 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return true
    default: return false
    }
}

/// Line ends before which a run of spaces is dropped.
@inline(__always)
func isLineEnd(_ v: UInt32) -> Bool {
    switch v {
    case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: return true
    default: return false
    }
}

// MARK: - The normalizer

/// One pass over valid UTF-8. Stage 1 removes characters and cuts the rest
/// into normalization chunks (a chunk starts at a code point with a
/// boundary before it); a chunk that cannot change is passed on as it is,
/// others go through ICU. Stage 2 (`emit`) maps spaces, collapses runs and
/// folds quotes and dashes, character by character, and records the map.
/// Each character reaching stage 2 carries the original range it stands
/// for and whether it is an exact copy of it.
///
/// ASCII never needs ICU (every ASCII character is its own chunk and
/// normalized), so runs of plain ASCII whose next byte is ASCII too are
/// copied eight bytes at a time without looking at characters at all.
private struct _Normalizer {
    let s: UnsafePointer<UInt8>
    let len: Int
    let nz: OpaquePointer
    let collapse: Bool
    let foldQuotes: Bool
    let foldDashes: Bool

    var out: UnsafeMutablePointer<UInt8>
    var outCount = 0
    var outCapacity: Int
    var failed = false
    var map = OffsetMapBuilder()

    // The pending run of horizontal spaces (collapse mode).
    var runCount = 0
    var runLo = 0
    var runHi = 0
    var runFirst: UInt8 = 0      // 0x20 or 0x09 when the run starts with an exact one, else 0

    // Filtered bytes of the current chunk.
    var scratch: UnsafeMutablePointer<UInt8>? = nil
    var scratchCapacity = 0

    init(_ s: UnsafeBufferPointer<UInt8>, _ nz: OpaquePointer, _ options: NormalizationOptions) {
        // A zero-length buffer may have no base address.
        self.s = s.baseAddress ?? UnsafePointer(bitPattern: 1)!
        self.len = s.count
        self.nz = nz
        self.collapse = options.collapseSpaces
        self.foldQuotes = options.foldQuotes
        self.foldDashes = options.foldDashes
        outCapacity = s.count + 64
        if let p = malloc(outCapacity) {
            out = p.assumingMemoryBound(to: UInt8.self)
        } else {
            out = UnsafeMutablePointer(bitPattern: 1)!   // never written: run() fails first
            outCapacity = 0
            failed = true
        }
    }

    mutating func release() {
        if outCapacity > 0 { free(out) }
        outCapacity = 0
        free(scratch)
        scratch = nil
    }

    // MARK: Output

    /// Makes room for `extra` more bytes; false when memory ran out.
    @inline(__always)
    mutating func reserve(_ extra: Int) -> Bool {
        if outCount + extra <= outCapacity { return true }
        return grow(outCount + extra)
    }

    @inline(never)
    mutating func grow(_ need: Int) -> Bool {
        if failed { return false }
        var cap = Swift.max(outCapacity, 64)
        while cap < need { cap = cap + cap / 2 }
        guard let p = realloc(out, cap) else { failed = true; return false }
        out = p.assumingMemoryBound(to: UInt8.self)
        outCapacity = cap
        return true
    }

    @inline(__always)
    mutating func put(_ b: UInt8) {
        guard reserve(1) else { return }
        out[outCount] = b
        outCount += 1
    }

    @inline(__always)
    mutating func put(_ p: UnsafePointer<UInt8>, _ n: Int) {
        guard reserve(n) else { return }
        (out + outCount).update(from: p, count: n)
        outCount += n
    }

    // MARK: Stage 2

    /// One normalized character `v` (bytes p[0..<n]) standing for original
    /// lo..<hi; `exact` when those are the same bytes.
    @inline(__always)
    mutating func emit(_ v: UInt32, _ p: UnsafePointer<UInt8>, _ n: Int, _ lo: Int, _ hi: Int, exact: Bool) {
        if isHorizontalSpace(v) {
            if collapse {
                if runCount == 0 {
                    runLo = lo
                    runFirst = exact && (v == 0x20 || v == 0x09) ? UInt8(v) : 0
                }
                runCount += 1
                runHi = hi
            } else if exact && (v == 0x20 || v == 0x09) {
                map.exact(outCount, lo)
                put(UInt8(v))
            } else {
                map.rewrite(outCount, lo, hi)
                put(0x20)
            }
            return
        }
        if runCount > 0 {
            if isLineEnd(v) { runCount = 0 } else { flushRun() }
        }
        if foldQuotes || foldDashes, v >= 0xAB {
            var folded: UInt8 = 0
            if foldQuotes {
                switch v {
                case 0x201C, 0x201D, 0x201E, 0x201F, 0xAB, 0xBB, 0x2039, 0x203A: folded = 0x22
                case 0x2018, 0x2019, 0x201A, 0x201B: folded = 0x27
                default: break
                }
            }
            if foldDashes {
                switch v {
                case 0x2010...0x2015, 0x2212: folded = 0x2D
                default: break
                }
            }
            if folded != 0 {
                map.rewrite(outCount, lo, hi)
                put(folded)
                return
            }
        }
        if exact { map.exact(outCount, lo) } else { map.rewrite(outCount, lo, hi) }
        put(p, n)
    }

    /// Writes the pending run of spaces as one character.
    @inline(__always)
    mutating func flushRun() {
        if runFirst == 0x20 || (runFirst == 0x09 && runCount == 1) {
            // Keep the first character exactly; the rest of the run is removed.
            map.exact(outCount, runLo)
            put(runFirst)
        } else {
            map.rewrite(outCount, runLo, runHi)
            put(0x20)
        }
        runCount = 0
    }

    // MARK: Stage 1

    mutating func run() throws(GalleyError) {
        if failed { throw .outOfMemory }
        var i = 0
        while i < len {
            if runCount == 0 {
                i = copyPlainASCII(from: i)
                if i >= len { break }
            }
            let c = s[i]
            if c < 0x80 {
                if c < 0x20 || c == 0x7F, isRemovedScalar(UInt32(c)) { i += 1; continue }
                if i + 1 == len || isKeptASCII(s[i + 1]) {
                    // Its own chunk: the next character starts another.
                    emit(UInt32(c), s + i, 1, i, i + 1, exact: true)
                    i += 1
                    continue
                }
            }
            i = try chunk(at: i)
        }
        if runCount > 0 { runCount = 0 }   // spaces that end the text
        if failed { throw .outOfMemory }
    }

    /// Copies ASCII eight bytes at a time while nothing needs a look:
    /// no control other than tab, LF and CR, no DEL, no run of two
    /// spaces or tabs and none before a line end or at the end of the
    /// block, and a kept ASCII byte after the block (a combining mark could
    /// follow its last character otherwise). Returns where it stopped.
    @inline(__always)
    mutating func copyPlainASCII(from start: Int) -> Int {
        var i = start
        guard i + 9 <= len, reserve(len - i) else { return i }
        let high: UInt64 = 0x8080_8080_8080_8080
        let ones: UInt64 = 0x0101_0101_0101_0101
        @inline(__always) func equal(_ w: UInt64, _ b: UInt8) -> UInt64 {
            let x = w ^ (ones &* UInt64(b))
            return ~((x &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & high
        }
        var first = true
        while i + 9 <= len {
            let raw = UnsafeRawPointer(s + i).loadUnaligned(as: UInt64.self)
            let w = UInt64(littleEndian: raw)
            if w & high != 0 || !isKeptASCII(s[i + 8]) { break }
            if (w &+ ones) & high != 0 { break }                     // DEL
            let printable = (w &+ 0x5F5F_5F5F_5F5F_5F5F) & high     // bytes >= 0x21
            if printable != high {
                let h = equal(w, 0x20) | equal(w, 0x09)
                let l = equal(w, 0x0A) | equal(w, 0x0D)
                if ~printable & high != h | l { break }             // another control
                if collapse && (h & ((h | l) >> 8) != 0 || h >> 63 != 0) { break }
            }
            if first {
                map.exact(outCount, i)
                first = false
            }
            UnsafeMutableRawPointer(out + outCount).storeBytes(of: raw, as: UInt64.self)
            outCount += 8
            i += 8
        }
        return i
    }

    /// Handles the chunk that starts with the (kept) character at i;
    /// returns the offset after it. Removed characters inside a chunk are
    /// left out of what ICU sees, so "e", ZWSP, U+0301 composes to "é".
    mutating func chunk(at i: Int) throws(GalleyError) -> Int {
        let buf = UnsafeBufferPointer(start: s, count: len)
        let (v, l) = decodeScalar(buf, at: i)
        if isRemovedScalar(v) { return i + l }
        let props = gshim_normalizer_props(nz, v)
        // The next kept character, and whether it may start a chunk.
        var j = i + l
        var nextStarts = true
        while j < len {
            if s[j] < 0x80 {
                if isRemovedScalar(UInt32(s[j])) { j += 1; continue }
                break
            }
            let (w, wl) = decodeScalar(buf, at: j)
            if isRemovedScalar(w) { j += wl; continue }
            nextStarts = gshim_normalizer_props(nz, w) & Int32(GSHIM_NF_BOUNDARY_BEFORE) != 0
            break
        }
        if nextStarts && props & Int32(GSHIM_NF_QC_YES) != 0 {
            emit(v, s + i, l, i, i + l, exact: true)
            return i + l
        }

        // Gather the chunk's kept bytes up to the next boundary.
        var filtered = 0
        var end = i
        var k = i
        while k < len {
            let (w, wl) = decodeScalar(buf, at: k)
            if k > i {
                if isRemovedScalar(w) { k += wl; continue }
                if gshim_normalizer_props(nz, w) & Int32(GSHIM_NF_BOUNDARY_BEFORE) != 0 { break }
            }
            if filtered + wl > scratchCapacity {
                let cap = Swift.max(64, (filtered + wl) * 2)
                guard let p = realloc(scratch, cap) else { throw .outOfMemory }
                scratch = p.assumingMemoryBound(to: UInt8.self)
                scratchCapacity = cap
            }
            (scratch! + filtered).update(from: s + k, count: wl)
            filtered += wl
            k += wl
            end = k
        }

        var result: UnsafePointer<UInt8>? = nil
        var resultCount = 0
        var changed: Int32 = 0
        var icuError: Int32 = 0
        let rc = gshim_normalizer_chunk(nz, scratch, filtered, &result, &resultCount, &changed, &icuError)
        switch Int(rc) {
        case Int(GSHIM_OK): break
        case Int(GSHIM_NO_MEMORY): throw .outOfMemory
        case Int(GSHIM_TOO_LARGE): throw .tooLarge(length: filtered, limit: Int(Int32.max))
        default:
            throw .icu(code: icuError, name: String(cString: gshim_icu_error_name(icuError)),
                       context: "normalizing \(filtered) bytes at offset \(i)")
        }
        if changed == 0 {
            // Unchanged: each kept character maps exactly.
            var k = i
            while k < end {
                let (w, wl) = decodeScalar(buf, at: k)
                if !isRemovedScalar(w) { emit(w, s + k, wl, k, k + wl, exact: true) }
                k += wl
            }
        } else if let r = result {
            let rb = UnsafeBufferPointer(start: r, count: resultCount)
            var k = 0
            while k < resultCount {
                let (w, wl) = decodeScalar(rb, at: k)
                emit(w, r + k, wl, i, end, exact: false)
                k += wl
            }
        }
        return end
    }
}
