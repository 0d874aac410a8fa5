// The near-duplicate part of the C ABI (include/galley.h): conversion and
// validation only; the work is in Galley's DedupIndex.

import CGalley
import Galley

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An index and its last error, for the deprecated
/// galley_dedup_index_errmsg()/_error_offset() (the thread's last error has
/// the same).
final class DedupIndexHandle {
    let index: DedupIndex
    let lastError = ErrorRecord()

    /// The text galley_dedup_index_paragraph() lends out until the next call.
    private(set) var lookupText: UnsafeMutablePointer<CChar>? = nil
    /// Its length in bytes (NUL bytes in an id are text).
    private(set) var lookupLength = 0

    init(_ index: DedupIndex) { self.index = index }
    deinit { free(lookupText) }

    func lookup(_ text: String) {
        free(lookupText)
        let copy = mallocCopy(text)
        lookupText = copy?.0
        lookupLength = copy?.1 ?? 0
    }
}

/// The results of one call, in the C layout, with the matched documents'
/// ids as length-counted copies (a NUL after each; NULs inside are text).
final class DedupResultsBox {
    let matches: UnsafeMutablePointer<galley_dedup_match>
    let count: Int
    private var ids: [UnsafeMutablePointer<CChar>?]
    private var lengths: [Int]

    init(_ results: [DuplicateMatch?]) {
        count = results.count
        matches = .allocate(capacity: max(count, 1))
        ids = []
        lengths = []
        ids.reserveCapacity(count)
        for (i, r) in results.enumerated() {
            if let r {
                (matches + i).initialize(to: galley_dedup_match(
                    kind: galley_duplicate_kind(r.kind.rawValue), paragraph: Int32(clamping: r.paragraph),
                    sequence: r.sequence, similarity: r.similarity))
                let copy = mallocCopy(r.documentID)
                ids.append(copy?.0)
                lengths.append(copy?.1 ?? 0)
            } else {
                (matches + i).initialize(to: galley_dedup_match(
                    kind: galley_duplicate_kind(GALLEY_DUPLICATE_NONE), paragraph: -1, sequence: -1, similarity: 0))
                ids.append(nil)
                lengths.append(0)
            }
        }
    }

    deinit {
        matches.deallocate()
        for p in ids { free(p) }
    }

    func document(_ i: Int) -> (UnsafePointer<CChar>, Int)? {
        guard i >= 0 && i < count else { return nil }
        guard let p = ids[i] else { return (staticText(""), 0) }
        return (UnsafePointer(p), lengths[i])
    }
}

/// The size of the first version of galley_dedup_options (0.1): up to
/// `reserved`; version 2 adds candidates_per_bucket and reserved2.
let dedupOptionsV1Size = MemoryLayout<galley_dedup_options>.offset(of: \galley_dedup_options.candidates_per_bucket)!

func defaultDedupOptions() -> galley_dedup_options {
    let d = DedupOptions()
    guard case .words(let n) = d.shingles else { fatalError("default shingles are words") }
    return galley_dedup_options(size: MemoryLayout<galley_dedup_options>.size,
                                shingle: Int32(GALLEY_SHINGLE_WORDS), shingle_size: Int32(n),
                                threshold: d.threshold, containment: d.containment ?? 0,
                                permutations: Int32(d.permutations), reserved: 0,
                                candidates_per_bucket: Int32(d.candidatesPerBucket), reserved2: 0)
}

/// Converts C options; nil when they are malformed.
func dedupOptions(_ options: UnsafePointer<galley_dedup_options>?) -> DedupOptions? {
    var o = defaultDedupOptions()
    if let options {
        // Version 1 (0.1) ends before candidates_per_bucket: read only its
        // bytes, and keep the default bound.
        let size = options.pointee.size
        guard size == MemoryLayout<galley_dedup_options>.size || size == dedupOptionsV1Size else { return nil }
        withUnsafeMutableBytes(of: &o) { $0.copyMemory(from: UnsafeRawBufferPointer(start: options, count: size)) }
    }
    guard o.reserved == 0, o.reserved2 == 0, o.candidates_per_bucket >= 0 else { return nil }
    var d = DedupOptions()
    d.candidatesPerBucket = Int(o.candidates_per_bucket)
    switch o.shingle {
    case Int32(GALLEY_SHINGLE_WORDS): d.shingles = .words(Int(o.shingle_size))
    case Int32(GALLEY_SHINGLE_CHARACTERS): d.shingles = .characters(Int(o.shingle_size))
    default: return nil
    }
    guard o.threshold.isFinite, o.containment.isFinite else { return nil }
    d.threshold = o.threshold
    d.containment = o.containment == 0 ? nil : o.containment
    d.permutations = Int(o.permutations)
    do { try d.validate() } catch { return nil }
    return d
}

@c public func galley_dedup_options_init(_ options: UnsafeMutablePointer<galley_dedup_options>?, _ size: UInt) {
    initializeOptions(options, size: size, firstVersionSize: dedupOptionsV1Size,
                      defaults: defaultDedupOptions())
}

@c public func galley_dedup_index_new(_ options: UnsafePointer<galley_dedup_options>?,
                                      _ out: UnsafeMutablePointer<OpaquePointer?>?) -> galley_status {
    guard let out else { return invalidArgument("out is NULL") }
    out.pointee = nil
    guard let d = dedupOptions(options) else { return invalidArgument("bad dedup options") }
    do {
        out.pointee = retainHandle(DedupIndexHandle(try DedupIndex(options: d)))
        return ok()
    } catch {
        return fail(error)
    }
}

@c public func galley_dedup_index_open(_ path: UnsafePointer<CChar>?,
                                       _ options: UnsafePointer<galley_dedup_options>?,
                                       _ out: UnsafeMutablePointer<OpaquePointer?>?) -> galley_status {
    guard let out else { return invalidArgument("out is NULL") }
    out.pointee = nil
    guard let d = dedupOptions(options) else { return invalidArgument("invalid dedup options") }
    var file: String? = nil
    if let path {
        guard let p = String(validatingCString: path) else {
            return invalidArgument("the index path is not valid UTF-8")
        }
        file = p
    }
    do {
        out.pointee = retainHandle(DedupIndexHandle(try DedupIndex(path: file, options: d)))
        return ok()
    } catch {
        return fail(error)
    }
}

/// The body of galley_dedup_index_has and the deprecated _contains: the
/// status, and whether the document is there (false on failure).
private func hasDocument(_ index: OpaquePointer?, _ id: UnsafePointer<CChar>?, _ len: UInt)
    -> (status: galley_status, found: Bool)
{
    guard let handle = borrowHandle(index, as: DedupIndexHandle.self) else {
        return (invalidArgument("index is NULL"), false)
    }
    guard let bytes = textBuffer(id, len) else {
        return (invalidArgument("NULL id with a length", also: handle.lastError), false)
    }
    do {
        try UTF8Validation.validate(bytes)
        let found = try handle.index.contains(documentID: String(decoding: bytes, as: UTF8.self))
        return (ok(also: handle.lastError), found)
    } catch {
        return (fail(error, also: handle.lastError), false)
    }
}

@c public func galley_dedup_index_has(_ index: OpaquePointer?, _ id: UnsafePointer<CChar>?, _ len: UInt,
                                     _ found: UnsafeMutablePointer<Int32>?) -> galley_status {
    guard let found else { return invalidArgument("found is NULL") }
    let (code, yes) = hasDocument(index, id, len)
    if code == galley_status(GALLEY_STATUS_OK) { found.pointee = yes ? 1 : 0 }
    return code
}

@c public func galley_dedup_index_contains(_ index: OpaquePointer?, _ id: UnsafePointer<CChar>?,
                                           _ len: UInt) -> Int32 {
    let (code, yes) = hasDocument(index, id, len)
    return code != galley_status(GALLEY_STATUS_OK) ? -1 : yes ? 1 : 0
}

@c public func galley_dedup_index_free(_ index: OpaquePointer?) {
    releaseHandle(index, as: DedupIndexHandle.self)
}

@c public func galley_dedup_index_add(_ index: OpaquePointer?, _ documents: UInt,
                                      _ ids: UnsafePointer<CChar>?, _ idOffsets: UnsafePointer<UInt>?,
                                      _ text: UnsafePointer<CChar>?, _ textOffsets: UnsafePointer<UInt>?,
                                      _ documentParagraphs: UnsafePointer<UInt>?,
                                      _ out: UnsafeMutablePointer<OpaquePointer?>?) -> galley_status {
    guard let handle = borrowHandle(index, as: DedupIndexHandle.self) else { return invalidArgument("index is NULL") }
    func invalid(_ why: String) -> galley_status { invalidArgument(why, also: handle.lastError) }
    guard let out else { return invalid("out is NULL") }
    out.pointee = nil
    let n = Int(clamping: documents)
    if n == 0 {
        out.pointee = retainHandle(DedupResultsBox([]))
        return ok(also: handle.lastError)
    }
    guard let idOffs = offsetsArray(idOffsets, n), let docParas = offsetsArray(documentParagraphs, n)
    else { return invalid("id_offsets and document_paragraphs need documents + 1 non-decreasing offsets") }
    let paragraphs = docParas[n]
    guard docParas[0] == 0 else { return invalid("document_paragraphs[0] must be 0") }
    guard let textOffs = offsetsArray(textOffsets, paragraphs)
    else { return invalid("text_offsets needs paragraphs + 1 non-decreasing offsets") }
    guard ids != nil || idOffs[n] == 0, text != nil || (paragraphs == 0 || textOffs[paragraphs] == 0)
    else { return invalid("NULL ids or text with non-zero lengths") }
    let idBytes = UnsafeBufferPointer(start: UnsafeRawPointer(ids)?.assumingMemoryBound(to: UInt8.self),
                                      count: idOffs[n])
    let textBytes = UnsafeBufferPointer(start: UnsafeRawPointer(text)?.assumingMemoryBound(to: UInt8.self),
                                        count: paragraphs == 0 ? 0 : textOffs[paragraphs])
    var batch: [(documentID: String, paragraphs: [UnsafeBufferPointer<UInt8>])] = []
    batch.reserveCapacity(n)
    for k in 0..<n {
        let idRange = idOffs[k]..<idOffs[k + 1]
        do {
            try UTF8Validation.validate(UnsafeBufferPointer(rebasing: idBytes[idRange]))
        } catch {
            var absolute: Int? = nil
            if case .invalidUTF8(let off) = error { absolute = idRange.lowerBound + off }
            return fail(error, message: "invalid UTF-8 in document id \(k) at byte offset \(absolute ?? 0) of ids",
                        offset: absolute, item: k, also: handle.lastError)
        }
        let id = String(decoding: UnsafeBufferPointer(rebasing: idBytes[idRange]), as: UTF8.self)
        let paras = (docParas[k]..<docParas[k + 1]).map {
            UnsafeBufferPointer(rebasing: textBytes[textOffs[$0]..<textOffs[$0 + 1]])
        }
        batch.append((id, paras))
    }
    do {
        let results = try handle.index.add(batch: batch)
        out.pointee = retainHandle(DedupResultsBox(results))
        return ok(also: handle.lastError)
    } catch {
        if case .invalidUTF8(let off) = error, let item = handle.index.failedItem {
            let absolute = textOffs[item] + off
            return fail(error, message: "invalid UTF-8 in paragraph \(item) at byte offset \(absolute) of text",
                        offset: absolute, item: item, also: handle.lastError)
        }
        return fail(error, also: handle.lastError)
    }
}

@c public func galley_dedup_index_count(_ index: OpaquePointer?) -> UInt {
    UInt(borrowHandle(index, as: DedupIndexHandle.self)?.index.count ?? 0)
}

@c public func galley_dedup_index_paragraph(_ index: OpaquePointer?, _ sequence: Int64,
                                           _ id: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
                                           _ idLen: UnsafeMutablePointer<UInt>?,
                                           _ paragraph: UnsafeMutablePointer<Int32>?,
                                           _ match: UnsafeMutablePointer<galley_dedup_match>?) -> galley_status {
    guard let handle = borrowHandle(index, as: DedupIndexHandle.self) else { return invalidArgument("index is NULL") }
    guard let id, let idLen, let paragraph, let match else {
        return invalidArgument("id, id_len, paragraph and match must not be NULL", also: handle.lastError)
    }
    guard let p = handle.index.paragraph(sequence: sequence) else {
        return invalidArgument("sequence \(sequence) is out of range (the index holds \(handle.index.count))",
                               also: handle.lastError)
    }
    handle.lookup(p.documentID)
    guard let text = handle.lookupText else { return fail(.outOfMemory, also: handle.lastError) }
    id.pointee = UnsafePointer(text)
    idLen.pointee = UInt(handle.lookupLength)
    paragraph.pointee = p.paragraph
    if let d = p.duplicateOf, let earlier = handle.index.paragraph(sequence: d) {
        match.pointee = galley_dedup_match(kind: galley_duplicate_kind(p.kind), paragraph: earlier.paragraph,
                                           sequence: d, similarity: p.similarity)
    } else {
        match.pointee = galley_dedup_match(kind: galley_duplicate_kind(GALLEY_DUPLICATE_NONE), paragraph: -1,
                                           sequence: -1, similarity: 0)
    }
    return ok(also: handle.lastError)
}

@c public func galley_dedup_index_errmsg(_ index: OpaquePointer?) -> UnsafePointer<CChar>? {
    borrowHandle(index, as: DedupIndexHandle.self)?.lastError.message ?? staticText("")
}

@c public func galley_dedup_index_error_offset(_ index: OpaquePointer?) -> UInt {
    borrowHandle(index, as: DedupIndexHandle.self)?.lastError.cOffset ?? UInt.max
}

@c public func galley_dedup_paragraphs(_ options: UnsafePointer<galley_dedup_options>?,
                                       _ utf8: UnsafePointer<CChar>?, _ len: UInt,
                                       _ out: UnsafeMutablePointer<OpaquePointer?>?,
                                       _ errorOffset: UnsafeMutablePointer<UInt>?) -> galley_status {
    errorOffset?.pointee = UInt.max
    guard let out else { return invalidArgument("out is NULL") }
    out.pointee = nil
    guard let d = dedupOptions(options) else { return invalidArgument("bad dedup options") }
    guard let bytes = textBuffer(utf8, len) else { return invalidArgument("NULL text with a length of \(len) bytes") }
    do {
        let results = try duplicateParagraphs(utf8: bytes, options: d)
        out.pointee = retainHandle(DedupResultsBox(results))
        return ok()
    } catch {
        if case .invalidUTF8(let off) = error { errorOffset?.pointee = UInt(off) }
        return fail(error)
    }
}

@c public func galley_dedup_results_count(_ results: OpaquePointer?) -> UInt {
    UInt(borrowHandle(results, as: DedupResultsBox.self)?.count ?? 0)
}

@c public func galley_dedup_results_data(_ results: OpaquePointer?) -> UnsafePointer<galley_dedup_match>? {
    guard let box = borrowHandle(results, as: DedupResultsBox.self) else { return nil }
    return box.count == 0 ? nil : UnsafePointer(box.matches)
}

@c public func galley_dedup_results_document(_ results: OpaquePointer?, _ i: UInt,
                                             _ len: UnsafeMutablePointer<UInt>?) -> UnsafePointer<CChar>? {
    guard let box = borrowHandle(results, as: DedupResultsBox.self), i <= UInt(Int.max) else { return nil }
    guard let (p, n) = box.document(Int(i)) else { return nil }
    len?.pointee = UInt(n)
    return p
}

@c public func galley_dedup_results_free(_ results: OpaquePointer?) {
    releaseHandle(results, as: DedupResultsBox.self)
}
