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
    public func originalOffset(_ offset: Int) -> Int { map.originalOffset(offset, count: count) }

    /// The original offset just past the character before normalized
    /// offset `offset` (0 ... ``count``): the end of what the normalized
    /// text up to `offset` came from. Text removed just before `offset` is
    /// not included; inside a rewritten stretch the result is its end.
    /// Non-decreasing in `offset`; 0 for 0.
    public func originalEndOffset(_ offset: Int) -> Int { map.originalEndOffset(offset, count: count) }

    /// The original range a normalized range came from: its start through
    /// ``originalOffset(_:)`` and its end through ``originalEndOffset(_:)``,
    /// so that removed text around it is left out. An empty range maps to
    /// an empty range at ``originalOffset(_:)`` of its bound.
    public func originalRange(_ range: Range<Int>) -> Range<Int> { map.originalRange(range, count: count) }

    /// The number of checkpoints in the offset map: at most 2 when nothing
    /// changed, and one more per changed place (two for a stretch that ICU
    /// rewrote or one followed by removed text). Each takes 8 bytes (16 for
    /// texts of 1 GiB or more).
    public var mapCheckpoints: Int { map.checkpoints }
}

/// The map from normalized to original offsets: checkpoints (n, o) sorted
/// by n. A checkpoint starts a segment that runs to the next one, either
/// *exact* (normalized n + k came from original o + k) or *rewritten* (the
/// whole segment came from original o up to the next checkpoint's o).
/// Removed text shows as a jump in o between segments. A checkpoint flagged
/// `endsCharacter` also says that the last character of the segment before
/// it (one byte replacing several, like NBSP by a space) ends at its o, so
/// such a replacement costs one checkpoint. Between checkpoints nothing is
/// stored, so unchanged text costs nothing. The first checkpoint is at
/// normalized 0, the last at (normalized length, original length).
/// Checkpoints take 8 bytes (two UInt32) when both texts are shorter than
/// 1 GiB, else 16.
struct OffsetMap: Sendable, Hashable {
    /// The checked forms behind NormalizedText's and NormalizedUTF8's
    /// mapping methods (`count`: the normalized text's length).
    func originalOffset(_ offset: Int, count: Int) -> Int {
        precondition(offset >= 0 && offset <= count, "offset \(offset) is outside 0...\(count)")
        return start(offset)
    }

    func originalEndOffset(_ offset: Int, count: Int) -> Int {
        precondition(offset >= 0 && offset <= count, "offset \(offset) is outside 0...\(count)")
        return end(offset)
    }

    func originalRange(_ range: Range<Int>, count: Int) -> Range<Int> {
        precondition(range.lowerBound >= 0 && range.upperBound <= count,
                      "range \(range) is outside 0...\(count)")
        let lo = start(range.lowerBound)
        if range.isEmpty { return lo..<lo }
        return lo..<end(range.upperBound)
    }

    /// Normalized offsets (non-decreasing), and original offsets shifted
    /// left two bits for the flags `rewritten` and `endsCharacter`.
    private enum Storage: Sendable, Hashable {
        case narrow([UInt32], [UInt32])
        case wide([Int], [Int])
    }
    private let storage: Storage
    static let rewritten = 1
    static let endsCharacter = 2

    init(normalized: [Int], original: [Int]) {
        if let n = normalized.last, n <= Int(UInt32.max), let o = original.last, o | 3 <= Int(UInt32.max) {
            // o is the largest original offset: every offset is at most the length.
            storage = .narrow(normalized.map { UInt32(truncatingIfNeeded: $0) },
                              original.map { UInt32(truncatingIfNeeded: $0) })
        } else {
            storage = .wide(normalized, original)
        }
    }

    var checkpoints: Int {
        switch storage {
        case .narrow(let n, _): return n.count
        case .wide(let n, _): return n.count
        }
    }

    func start(_ n: Int) -> Int {
        switch storage {
        case .narrow(let ns, let os): return OffsetMap.start(ns, os, n)
        case .wide(let ns, let os): return OffsetMap.start(ns, os, n)
        }
    }

    func end(_ n: Int) -> Int {
        switch storage {
        case .narrow(let ns, let os): return OffsetMap.end(ns, os, n)
        case .wide(let ns, let os): return OffsetMap.end(ns, os, n)
        }
    }

    /// The last checkpoint whose normalized offset is <= n (or < n when
    /// `strict`). The first checkpoint is always at 0.
    @inline(__always)
    private static func segment<T: FixedWidthInteger>(_ ns: [T], _ n: Int, strict: Bool) -> Int {
        var lo = 0, hi = ns.count   // the answer is in [lo, hi)
        ns.withUnsafeBufferPointer { b in
            while hi - lo > 1 {
                let mid = (lo &+ hi) >> 1
                let v = Int(b[mid])
                if strict ? v < n : v <= n { lo = mid } else { hi = mid }
            }
        }
        return lo
    }

    private static func start<T: FixedWidthInteger>(_ ns: [T], _ os: [T], _ n: Int) -> Int {
        let i = segment(ns, n, strict: false)
        let o = Int(os[i])
        return o & rewritten == 0 ? (o >> 2) + (n - Int(ns[i])) : o >> 2
    }

    private static func end<T: FixedWidthInteger>(_ ns: [T], _ os: [T], _ n: Int) -> Int {
        if n == 0 { return 0 }
        let i = segment(ns, n, strict: true)
        let o = Int(os[i])
        if o & rewritten != 0 { return Int(os[i + 1]) >> 2 }
        if i + 1 < ns.count && Int(ns[i + 1]) == n && Int(os[i + 1]) & endsCharacter != 0 {
            return Int(os[i + 1]) >> 2
        }
        return (o >> 2) + (n - Int(ns[i]))
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
    private mutating func push(_ n: Int, _ o: Int, _ flags: Int) {
        normalized.append(n)
        original.append(o << 2 | flags)
    }

    /// Output from offset n on is a copy of the original from o on.
    @inline(__always)
    mutating func exact(_ n: Int, _ o: Int) {
        if !rewritten {
            if o - n == delta { return }
        } else if groupHi != o {
            push(n, groupHi, 0)                  // ends the rewritten segment
        }
        if normalized.count == 1 && n == 0 {
            original[0] = o << 2                 // text starts with removed text
        } else {
            push(n, o, 0)
        }
        rewritten = false
        delta = o - n
    }

    /// Output from offset n on (up to the next piece) stands for original
    /// lo..<hi. `single`: the piece is one byte standing for lo..<hi alone
    /// (a replaced space, quote or dash; a collapsed run), which costs one
    /// checkpoint when it follows exact text.
    @inline(__always)
    mutating func rewrite(_ n: Int, _ lo: Int, _ hi: Int, single: Bool = false) {
        if rewritten {
            if lo == groupLo && hi == groupHi { return }   // same stretch
            if groupHi != lo { push(n, groupHi, 0) }
        } else if single && lo - n == delta {
            // The exact segment maps n to lo already; a checkpoint at n + 1
            // flagged OffsetMap.endsCharacter maps the end of the byte to hi.
            push(n + 1, hi, OffsetMap.endsCharacter)
            delta = hi - (n + 1)
            return
        }
        if normalized.count == 1 && n == 0 {
            original[0] = lo << 2 | OffsetMap.rewritten
        } else {
            push(n, lo, OffsetMap.rewritten)
        }
        rewritten = true
        groupLo = lo
        groupHi = hi
    }

    /// The checkpoints, ending with (normalizedCount, originalCount).
    mutating func finish(normalizedCount: Int, originalCount: Int) -> (normalized: [Int], original: [Int]) {
        if rewritten {
            if groupHi != originalCount { push(normalizedCount, groupHi, 0) }
        } else if normalized.last == normalizedCount && original.last! >> 2 == originalCount {
            return (normalized, original)        // already ends there
        }
        push(normalizedCount, originalCount, 0)
        return (normalized, original)
    }
}

// MARK: - Entry points

/// Normalizes text for segmentation and matching:
///
/// 1. Removes zero-width characters (U+200B, U+2060; not the joiners
///    U+200C/U+200D, which carry meaning), the byte order
///    mark U+FEFF, the soft hyphen U+00AD, U+180E, DEL, and the C0 and C1
///    controls except tab, LF, CR, VT, FF and NEL (U+0085), which Galley's
///    paragraph rules read as line ends.
/// 2. Applies NFC or NFKC.
/// 3. Maps every Unicode space separator (NBSP, thin, figure, ideographic…)
///    to U+0020; with `collapseSpaces`, collapses each run of spaces and tabs
///    to one space (a lone tab stays) and drops the runs that end a line
///    (before LF, VT, FF, CR, NEL, U+2028, U+2029) or the text. Leading
///    spaces of a line are kept, collapsed.
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
        Result { () throws(GalleyError) -> NormalizedText in NormalizedText(try _normalize(buf, options)) }
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
    return NormalizedText(try _normalize(bytes, options))
}

/// The normalized UTF-8 and its map, before any `String` is made: for
/// Galley's C interface, which lends the bytes out as they are. The buffer
/// holds ``utf8Count`` bytes and a NUL, and lives as long as the object.
/// Immutable; share it freely between threads.
@_spi(CInterface)
public final class NormalizedUTF8: @unchecked Sendable {
    /// The normalized text (``utf8Count`` bytes, then a NUL).
    public let utf8Start: UnsafePointer<UInt8>
    public let utf8Count: Int
    /// As in ``NormalizedText``.
    public let offsetUnit: OffsetUnit
    public let count: Int
    public let originalCount: Int
    let map: OffsetMap

    init(_ start: UnsafeMutablePointer<UInt8>, _ utf8Count: Int, _ offsetUnit: OffsetUnit,
         _ count: Int, _ originalCount: Int, _ map: OffsetMap) {
        self.utf8Start = UnsafePointer(start)
        self.utf8Count = utf8Count
        self.offsetUnit = offsetUnit
        self.count = count
        self.originalCount = originalCount
        self.map = map
    }

    deinit { free(UnsafeMutableRawPointer(mutating: utf8Start)) }

    /// As ``NormalizedText/originalOffset(_:)``; `offset` must be in 0...count.
    public func originalOffset(_ offset: Int) -> Int { map.originalOffset(offset, count: count) }

    /// As ``NormalizedText/originalEndOffset(_:)``; `offset` must be in 0...count.
    public func originalEndOffset(_ offset: Int) -> Int { map.originalEndOffset(offset, count: count) }

    /// As ``NormalizedText/originalRange(_:)``.
    public func originalRange(_ range: Range<Int>) -> Range<Int> { map.originalRange(range, count: count) }
}

/// ``normalize(utf8:options:)`` without making a `String`.
/// - Throws: as ``normalize(utf8:options:)``.
@_spi(CInterface)
public func normalizeUTF8(_ bytes: UnsafeBufferPointer<UInt8>,
                          options: NormalizationOptions = .init()) throws(GalleyError) -> NormalizedUTF8 {
    try UTF8Validation.validate(bytes)
    return try _normalize(bytes, options)
}

extension NormalizedText {
    init(_ r: NormalizedUTF8) {
        self.init(text: String(decoding: UnsafeBufferPointer(start: r.utf8Start, count: r.utf8Count),
                               as: UTF8.self),
                  offsetUnit: r.offsetUnit, count: r.count, originalCount: r.originalCount, map: r.map)
    }
}

func _normalize(_ s: UnsafeBufferPointer<UInt8>, _ options: NormalizationOptions) throws(GalleyError) -> NormalizedUTF8 {
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
    var checkpoints = n.map.finish(normalizedCount: n.outCount, originalCount: s.count)
    if options.offsetUnit == .unicodeScalars {
        checkpoints = scalarCheckpoints(checkpoints, normalized: UnsafeBufferPointer(start: n.out, count: n.outCount),
                                        original: s)
    }
    let count = checkpoints.normalized.last!
    let originalCount = checkpoints.original.last! >> 2
    let map = OffsetMap(normalized: checkpoints.normalized, original: checkpoints.original)
    guard let buffer = n.takeBuffer() else { throw .outOfMemory }
    return NormalizedUTF8(buffer, n.outCount, options.offsetUnit, count, originalCount, map)
}

/// The same checkpoints in Unicode scalar indices. Checkpoints sit on scalar
/// boundaries, so the conversion is exact. The original is scanned once;
/// an exact segment has as many scalars as the original bytes it copies,
/// so only rewritten segments are counted in the normalized text.
private func scalarCheckpoints(_ m: (normalized: [Int], original: [Int]), normalized: UnsafeBufferPointer<UInt8>,
                               original: UnsafeBufferPointer<UInt8>) -> (normalized: [Int], original: [Int]) {
    var oc = ScalarCounter(original)
    var ns: [Int] = []
    var os: [Int] = []
    ns.reserveCapacity(m.normalized.count)
    os.reserveCapacity(m.normalized.count)
    var scalar = 0
    for k in m.normalized.indices {
        let n = m.normalized[k], o = m.original[k]
        if k > 0, case let length = n - m.normalized[k - 1], length > 0 {
            let previous = m.original[k - 1]
            if previous & OffsetMap.rewritten == 0 {
                let from = previous >> 2
                scalar += oc.scalars(atByte: from + length) - oc.scalars(atByte: from)
            } else {
                var nc = ScalarCounter(normalized, at: m.normalized[k - 1])
                scalar += nc.scalars(atByte: n)
            }
        }
        ns.append(scalar)
        os.append(oc.scalars(atByte: o >> 2) << 2 | (o & 3))
    }
    return (ns, os)
}

/// Scalar index of a byte offset, for offsets asked in mostly increasing
/// order (it also steps back, byte by byte).
private struct ScalarCounter {
    let s: UnsafeBufferPointer<UInt8>
    var byte = 0
    var scalar = 0
    /// Counts from byte `start` (as scalar 0).
    init(_ s: UnsafeBufferPointer<UInt8>, at start: Int = 0) {
        self.s = s
        self.byte = start
    }

    mutating func scalars(atByte target: Int) -> Int {
        while byte > target {
            byte -= 1
            if s[byte] & 0xC0 != 0x80 { scalar -= 1 }
        }
        // Every byte but a continuation byte (10xxxxxx) starts a scalar.
        let high: UInt64 = 0x8080_8080_8080_8080
        if let base = s.baseAddress {
            while target - byte >= 32 {
                let p = UnsafeRawPointer(base + byte)
                let a = p.loadUnaligned(as: UInt64.self), b = p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                let c = p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
                let d = p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
                if (a | b | c | d) & high == 0 {
                    scalar += 32
                } else {
                    scalar += 32 - (a & ~(a << 1) & high).nonzeroBitCount - (b & ~(b << 1) & high).nonzeroBitCount
                        - (c & ~(c << 1) & high).nonzeroBitCount - (d & ~(d << 1) & high).nonzeroBitCount
                }
                byte += 32
            }
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
    // Not U+200C ZWNJ and U+200D ZWJ: they carry meaning (emoji sequences such
    // as 👨‍👩‍👧, Persian and Indic spelling), so removing them would change text.
    case 0xAD, 0x180E, 0x200B, 0x2060, 0xFEFF: return true
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

    /// Hands the output over, NUL-terminated; nil when memory ran out.
    /// release() then leaves it alone.
    mutating func takeBuffer() -> UnsafeMutablePointer<UInt8>? {
        guard !failed, reserve(1) else { return nil }
        out[outCount] = 0
        let buffer = out
        outCapacity = 0
        return buffer
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
                map.rewrite(outCount, lo, hi, single: exact)
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
                map.rewrite(outCount, lo, hi, single: exact)
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
            map.rewrite(outCount, runLo, runHi, single: true)
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
    /// no control other than tab, LF and CR, no DEL, no run of two spaces
    /// or tabs and none before a line end or at the end of the block, and a
    /// kept ASCII byte after the block (a combining mark could follow its
    /// last character otherwise). At the first byte that needs a look, it
    /// copies the bytes before it but one (which a mark could follow) and
    /// returns where it stopped.
    @inline(__always)
    mutating func copyPlainASCII(from start: Int) -> Int {
        var i = start
        guard i + 9 <= len, reserve(len - i) else { return i }
        let high: UInt64 = 0x8080_8080_8080_8080
        let ones: UInt64 = 0x0101_0101_0101_0101
        // Exact per byte up to the first byte >= 0x80; carries only reach later bytes.
        @inline(__always) func equal(_ w: UInt64, _ b: UInt8) -> UInt64 {
            let x = w ^ (ones &* UInt64(b))
            return ~((x &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & high
        }
        var first = true
        while i + 9 <= len {
            let raw = UnsafeRawPointer(s + i).loadUnaligned(as: UInt64.self)
            let w = UInt64(littleEndian: raw)
            var bad = (w | (w &+ ones)) & high                      // non-ASCII, DEL
            let printable = (w &+ 0x5F5F_5F5F_5F5F_5F5F) & high     // bytes >= 0x21
            if printable != high {
                let h = equal(w, 0x20) | equal(w, 0x09)
                let l = equal(w, 0x0A) | equal(w, 0x0D)
                bad |= ~printable & high & ~(h | l)                 // other controls
                if collapse { bad |= h & ((h | l) >> 8) | h & (1 << 63) }
            }
            if bad == 0 && isKeptASCII(s[i + 8]) {
                if first {
                    map.exact(outCount, i)
                    first = false
                }
                UnsafeMutableRawPointer(out + outCount).storeBytes(of: raw, as: UInt64.self)
                outCount += 8
                i += 8
                continue
            }
            // Copy what comes before the byte that needs a look, but one.
            let take = bad != 0 ? bad.trailingZeroBitCount / 8 - 1 : 7
            if take > 0 {
                if first { map.exact(outCount, i) }
                UnsafeMutableRawPointer(out + outCount).storeBytes(of: raw, as: UInt64.self)
                outCount += take
                i += take
            }
            break
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
