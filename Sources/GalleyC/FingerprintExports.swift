// Batch fingerprints for distributed deduplication (include/galley.h):
// conversion only; the work is Galley's FingerprintTable.

import CGalley
import Galley

/// The columns in buffers the box owns (stable addresses for C).
final class FingerprintsBox {
    let count: Int
    let exact: UnsafeMutableBufferPointer<UInt64>
    let tokens: UnsafeMutableBufferPointer<Int32>
    let bandOffsets: UnsafeMutableBufferPointer<UInt>
    let bandKeys: UnsafeMutableBufferPointer<UInt32>
    let shingleOffsets: UnsafeMutableBufferPointer<UInt>
    let shingles: UnsafeMutableBufferPointer<UInt16>

    init(_ t: FingerprintTable) {
        func copy<T>(_ a: [T]) -> UnsafeMutableBufferPointer<T> {
            let b = UnsafeMutableBufferPointer<T>.allocate(capacity: max(a.count, 1))
            _ = b.initialize(from: a)
            return b
        }
        count = t.count
        exact = copy(t.exactHash)
        tokens = copy(t.tokenCount)
        bandOffsets = copy(t.bandOffsets.map { UInt($0) })
        bandKeys = copy(t.bandKeys)
        shingleOffsets = copy(t.shingleOffsets.map { UInt($0) })
        shingles = copy(t.shingles)
    }

    deinit {
        exact.deallocate(); tokens.deallocate(); bandOffsets.deallocate()
        bandKeys.deallocate(); shingleOffsets.deallocate(); shingles.deallocate()
    }
}

private func box(_ p: OpaquePointer?) -> FingerprintsBox? {
    borrowHandle(p, as: FingerprintsBox.self)
}

@c public func galley_dedup_fingerprints(_ options: UnsafePointer<galley_dedup_options>?,
                                         _ text: UnsafePointer<CChar>?, _ offsets: UnsafePointer<UInt>?,
                                         _ count: UInt, _ out: UnsafeMutablePointer<OpaquePointer?>?,
                                         _ errorItem: UnsafeMutablePointer<UInt>?) -> galley_status {
    errorItem?.pointee = UInt.max
    guard let out else { return invalidArgument("out is NULL") }
    out.pointee = nil
    guard let d = dedupOptions(options) else { return invalidArgument("bad dedup options") }
    guard let offsetBuffer = offsetsArray(offsets, count) else {
        return invalidArgument("offsets are NULL with a count, too large, or decreasing")
    }
    guard let bytes = textBuffer(text, UInt(offsetBuffer.last ?? 0)) else {
        return invalidArgument("NULL text with a length")
    }
    var failed: Int? = nil
    do {
        let table = try FingerprintTable(texts: bytes, offsets: offsetBuffer, options: d, failedItem: &failed)
        out.pointee = retainHandle(FingerprintsBox(table))
        return ok()
    } catch {
        if let failed { errorItem?.pointee = UInt(failed) }
        guard let failed else { return fail(error) }
        // The offset within `text`, as galley_dedup_index_add gives it.
        var absolute: Int? = nil
        if case .invalidUTF8(let off) = error { absolute = offsetBuffer[failed] + off }
        return fail(error, message: "paragraph \(failed): \(error.description)", offset: absolute, item: failed)
    }
}

@c public func galley_fingerprints_count(_ fp: OpaquePointer?) -> UInt { UInt(box(fp)?.count ?? 0) }

@c public func galley_fingerprints_exact(_ fp: OpaquePointer?) -> UnsafePointer<UInt64>? {
    box(fp).map { UnsafePointer($0.exact.baseAddress!) }
}

@c public func galley_fingerprints_tokens(_ fp: OpaquePointer?) -> UnsafePointer<Int32>? {
    box(fp).map { UnsafePointer($0.tokens.baseAddress!) }
}

@c public func galley_fingerprints_band_offsets(_ fp: OpaquePointer?) -> UnsafePointer<UInt>? {
    box(fp).map { UnsafePointer($0.bandOffsets.baseAddress!) }
}

@c public func galley_fingerprints_band_keys(_ fp: OpaquePointer?) -> UnsafePointer<UInt32>? {
    box(fp).map { UnsafePointer($0.bandKeys.baseAddress!) }
}

@c public func galley_fingerprints_shingle_offsets(_ fp: OpaquePointer?) -> UnsafePointer<UInt>? {
    box(fp).map { UnsafePointer($0.shingleOffsets.baseAddress!) }
}

@c public func galley_fingerprints_shingles(_ fp: OpaquePointer?) -> UnsafePointer<UInt16>? {
    box(fp).map { UnsafePointer($0.shingles.baseAddress!) }
}

@c public func galley_fingerprints_free(_ fp: OpaquePointer?) {
    releaseHandle(fp, as: FingerprintsBox.self)
}

@c public func galley_dedup_overlaps(_ a: UnsafePointer<UInt16>?, _ aOffsets: UnsafePointer<UInt>?,
                                     _ b: UnsafePointer<UInt16>?, _ bOffsets: UnsafePointer<UInt>?,
                                     _ count: UInt, _ shared: UnsafeMutablePointer<UInt64>?) -> galley_status {
    guard count > 0 else { return ok() }
    guard let ao = offsetsArray(aOffsets, count), let bo = offsetsArray(bOffsets, count), let shared,
          ao.last! == 0 || a != nil, bo.last! == 0 || b != nil else {
        return invalidArgument("NULL arrays with a count, or offsets too large or decreasing")
    }
    let all = UnsafeBufferPointer(start: a, count: ao.last!)
    let other = UnsafeBufferPointer(start: b, count: bo.last!)
    for k in 0..<Int(count) {
        shared[k] = UInt64(sharedShingles(UnsafeBufferPointer(rebasing: all[ao[k] ..< ao[k + 1]]),
                                          UnsafeBufferPointer(rebasing: other[bo[k] ..< bo[k + 1]])))
    }
    return ok()
}
