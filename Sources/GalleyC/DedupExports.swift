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

/// An index and the details of its last error.
final class DedupIndexHandle {
    /// nil for a handle that only reports why opening failed.
    let index: DedupIndex!
    private(set) var message: UnsafeMutablePointer<CChar>? = nil
    private(set) var errorOffset: Int? = nil

    /// The text galley_dedup_index_paragraph() lends out until the next call.
    private(set) var lookupText: UnsafeMutablePointer<CChar>? = nil
    /// Its length in bytes (NUL bytes in an id are text).
    private(set) var lookupLength = 0

    init(_ index: DedupIndex?) { self.index = index }
    deinit {
        free(message)
        free(lookupText)
    }

    func lookup(_ text: String) {
        free(lookupText)
        let copy = mallocCopy(text)
        lookupText = copy?.0
        lookupLength = copy?.1 ?? 0
    }

    func succeed() {
        free(message)
        message = nil
        errorOffset = nil
    }

    func fail(_ text: String, offset: Int? = nil) {
        succeed()
        errorOffset = offset
        message = mallocCopy(text)?.0
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

/// The size of the first version of galley_dedup_options (0.1).
let dedupOptionsV1Size = MemoryLayout<galley_dedup_options>.size

func defaultDedupOptions() -> galley_dedup_options {
    let d = DedupOptions()
    guard case .words(let n) = d.shingles else { fatalError("default shingles are words") }
    return galley_dedup_options(size: MemoryLayout<galley_dedup_options>.size,
                                shingle: Int32(GALLEY_SHINGLE_WORDS), shingle_size: Int32(n),
                                threshold: d.threshold, containment: d.containment ?? 0,
                                permutations: Int32(d.permutations), reserved: 0)
}

/// Converts C options; nil when they are malformed.
func dedupOptions(_ options: UnsafePointer<galley_dedup_options>?) -> DedupOptions? {
    let o = options?.pointee ?? defaultDedupOptions()
    guard o.size == MemoryLayout<galley_dedup_options>.size, o.reserved == 0 else { return nil }
    var d = DedupOptions()
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
    guard let out else { return status(GALLEY_STATUS_INVALID_ARGUMENT) }
    out.pointee = nil
    guard let d = dedupOptions(options) else { return status(GALLEY_STATUS_INVALID_ARGUMENT) }
    do {
        let index = try DedupIndex(options: d)
        out.pointee = OpaquePointer(Unmanaged.passRetained(DedupIndexHandle(index)).toOpaque())
        return status(GALLEY_STATUS_OK)
    } catch {
        return statusCode(for: error)
    }
}

@c public func galley_dedup_index_open(_ path: UnsafePointer<CChar>?,
                                       _ options: UnsafePointer<galley_dedup_options>?,
                                       _ out: UnsafeMutablePointer<OpaquePointer?>?) -> galley_status {
    guard let out else { return status(GALLEY_STATUS_INVALID_ARGUMENT) }
    out.pointee = nil
    func failed(_ message: String, _ code: galley_status) -> galley_status {
        let handle = DedupIndexHandle(nil)
        handle.fail(message)
        out.pointee = OpaquePointer(Unmanaged.passRetained(handle).toOpaque())
        return code
    }
    guard let d = dedupOptions(options) else {
        return failed("invalid dedup options", status(GALLEY_STATUS_INVALID_ARGUMENT))
    }
    var file: String? = nil
    if let path {
        guard let p = String(validatingCString: path) else {
            return failed("the index path is not valid UTF-8", status(GALLEY_STATUS_INVALID_ARGUMENT))
        }
        file = p
    }
    do {
        let index = try DedupIndex(path: file, options: d)
        out.pointee = OpaquePointer(Unmanaged.passRetained(DedupIndexHandle(index)).toOpaque())
        return status(GALLEY_STATUS_OK)
    } catch {
        return failed(error.description, statusCode(for: error))
    }
}

@c public func galley_dedup_index_contains(_ index: OpaquePointer?, _ id: UnsafePointer<CChar>?,
                                           _ len: UInt) -> Int32 {
    guard let index else { return -1 }
    let handle = Unmanaged<DedupIndexHandle>.fromOpaque(UnsafeRawPointer(index)).takeUnretainedValue()
    guard handle.index != nil else { return -1 }
    guard let bytes = textBuffer(id, len) else { handle.fail("NULL id with a length"); return -1 }
    do {
        try UTF8Validation.validate(bytes)
        let found = try handle.index.contains(documentID: String(decoding: bytes, as: UTF8.self))
        handle.succeed()
        return found ? 1 : 0
    } catch {
        handle.fail(error.description)
        return -1
    }
}

@c public func galley_dedup_index_free(_ index: OpaquePointer?) {
    guard let index else { return }
    Unmanaged<DedupIndexHandle>.fromOpaque(UnsafeRawPointer(index)).release()
}

@c public func galley_dedup_index_add(_ index: OpaquePointer?, _ documents: UInt,
                                      _ ids: UnsafePointer<CChar>?, _ idOffsets: UnsafePointer<UInt>?,
                                      _ text: UnsafePointer<CChar>?, _ textOffsets: UnsafePointer<UInt>?,
                                      _ documentParagraphs: UnsafePointer<UInt>?,
                                      _ out: UnsafeMutablePointer<OpaquePointer?>?) -> galley_status {
    guard let index, let out else { return status(GALLEY_STATUS_INVALID_ARGUMENT) }
    out.pointee = nil
    let handle = Unmanaged<DedupIndexHandle>.fromOpaque(UnsafeRawPointer(index)).takeUnretainedValue()
    guard handle.index != nil else { return status(GALLEY_STATUS_INVALID_ARGUMENT) }
    let n = Int(clamping: documents)
    func invalid(_ why: String) -> galley_status {
        handle.fail(why)
        return status(GALLEY_STATUS_INVALID_ARGUMENT)
    }
    if n == 0 {
        handle.succeed()
        out.pointee = OpaquePointer(Unmanaged.passRetained(DedupResultsBox([])).toOpaque())
        return status(GALLEY_STATUS_OK)
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
            if case .invalidUTF8(let off) = error {
                handle.fail("invalid UTF-8 in document id \(k) at byte offset \(idRange.lowerBound + off) of ids",
                            offset: idRange.lowerBound + off)
            }
            return statusCode(for: error)
        }
        let id = String(decoding: UnsafeBufferPointer(rebasing: idBytes[idRange]), as: UTF8.self)
        let paras = (docParas[k]..<docParas[k + 1]).map {
            UnsafeBufferPointer(rebasing: textBytes[textOffs[$0]..<textOffs[$0 + 1]])
        }
        batch.append((id, paras))
    }
    do {
        let results = try handle.index.add(batch: batch)
        handle.succeed()
        out.pointee = OpaquePointer(Unmanaged.passRetained(DedupResultsBox(results)).toOpaque())
        return status(GALLEY_STATUS_OK)
    } catch {
        if case .invalidUTF8(let off) = error, let item = handle.index.failedItem {
            let absolute = textOffs[item] + off
            handle.fail("invalid UTF-8 in paragraph \(item) at byte offset \(absolute) of text", offset: absolute)
        } else {
            handle.fail(error.description)
        }
        return statusCode(for: error)
    }
}

@c public func galley_dedup_index_count(_ index: OpaquePointer?) -> UInt {
    guard let index else { return 0 }
    let handle = Unmanaged<DedupIndexHandle>.fromOpaque(UnsafeRawPointer(index)).takeUnretainedValue()
    return UInt(handle.index?.count ?? 0)
}

@c public func galley_dedup_index_paragraph(_ index: OpaquePointer?, _ sequence: Int64,
                                           _ id: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
                                           _ idLen: UnsafeMutablePointer<UInt>?,
                                           _ paragraph: UnsafeMutablePointer<Int32>?,
                                           _ match: UnsafeMutablePointer<galley_dedup_match>?) -> galley_status {
    guard let index, let id, let idLen, let paragraph, let match else { return status(GALLEY_STATUS_INVALID_ARGUMENT) }
    let handle = Unmanaged<DedupIndexHandle>.fromOpaque(UnsafeRawPointer(index)).takeUnretainedValue()
    guard handle.index != nil, let p = handle.index.paragraph(sequence: sequence) else {
        return status(GALLEY_STATUS_INVALID_ARGUMENT)
    }
    handle.lookup(p.documentID)
    guard let text = handle.lookupText else { return status(GALLEY_STATUS_OUT_OF_MEMORY) }
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
    return status(GALLEY_STATUS_OK)
}

@c public func galley_dedup_index_errmsg(_ index: OpaquePointer?) -> UnsafePointer<CChar>? {
    guard let index else { return staticText("") }
    let handle = Unmanaged<DedupIndexHandle>.fromOpaque(UnsafeRawPointer(index)).takeUnretainedValue()
    return handle.message.map { UnsafePointer($0) } ?? staticText("")
}

@c public func galley_dedup_index_error_offset(_ index: OpaquePointer?) -> UInt {
    guard let index else { return UInt.max }
    let handle = Unmanaged<DedupIndexHandle>.fromOpaque(UnsafeRawPointer(index)).takeUnretainedValue()
    return handle.errorOffset.map { UInt($0) } ?? UInt.max
}

@c public func galley_dedup_paragraphs(_ options: UnsafePointer<galley_dedup_options>?,
                                       _ utf8: UnsafePointer<CChar>?, _ len: UInt,
                                       _ out: UnsafeMutablePointer<OpaquePointer?>?,
                                       _ errorOffset: UnsafeMutablePointer<UInt>?) -> galley_status {
    errorOffset?.pointee = UInt.max
    guard let out else { return status(GALLEY_STATUS_INVALID_ARGUMENT) }
    out.pointee = nil
    guard let d = dedupOptions(options), let bytes = textBuffer(utf8, len) else {
        return status(GALLEY_STATUS_INVALID_ARGUMENT)
    }
    do {
        let results = try duplicateParagraphs(utf8: bytes, options: d)
        out.pointee = OpaquePointer(Unmanaged.passRetained(DedupResultsBox(results)).toOpaque())
        return status(GALLEY_STATUS_OK)
    } catch {
        if case .invalidUTF8(let off) = error { errorOffset?.pointee = UInt(off) }
        return statusCode(for: error)
    }
}

@c public func galley_dedup_results_count(_ results: OpaquePointer?) -> UInt {
    guard let results else { return 0 }
    return UInt(Unmanaged<DedupResultsBox>.fromOpaque(UnsafeRawPointer(results)).takeUnretainedValue().count)
}

@c public func galley_dedup_results_data(_ results: OpaquePointer?) -> UnsafePointer<galley_dedup_match>? {
    guard let results else { return nil }
    let box = Unmanaged<DedupResultsBox>.fromOpaque(UnsafeRawPointer(results)).takeUnretainedValue()
    return box.count == 0 ? nil : UnsafePointer(box.matches)
}

@c public func galley_dedup_results_document(_ results: OpaquePointer?, _ i: UInt,
                                             _ len: UnsafeMutablePointer<UInt>?) -> UnsafePointer<CChar>? {
    guard let results, i <= UInt(Int.max) else { return nil }
    let box = Unmanaged<DedupResultsBox>.fromOpaque(UnsafeRawPointer(results)).takeUnretainedValue()
    guard let (p, n) = box.document(Int(i)) else { return nil }
    len?.pointee = UInt(n)
    return p
}

@c public func galley_dedup_results_free(_ results: OpaquePointer?) {
    guard let results else { return }
    Unmanaged<DedupResultsBox>.fromOpaque(UnsafeRawPointer(results)).release()
}
