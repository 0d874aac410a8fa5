// Fingerprints of many paragraphs as flat arrays: what a distributed
// deduplication (galley.dask) computes in its workers and shuffles, so that
// candidates are found and verified exactly as DedupIndex finds and
// verifies them.

/// The fingerprints of a batch of paragraphs, column by column. Paragraph
/// i's band keys are `bandKeys[bandOffsets[i] ..< bandOffsets[i + 1]]` (none
/// when it has no shingles, else `banding.bands` of them); its sorted,
/// unique 16-bit shingles are `shingles[shingleOffsets[i] ..< shingleOffsets[i + 1]]`.
package struct FingerprintTable {
    package var exactHash: [UInt64] = []
    package var tokenCount: [Int32] = []
    package var bandOffsets: [Int] = [0]
    package var bandKeys: [UInt32] = []
    package var shingleOffsets: [Int] = [0]
    package var shingles: [UInt16] = []

    package var count: Int { exactHash.count }

    /// Fingerprints paragraph i = `texts[offsets[i] ..< offsets[i + 1]]` for
    /// every i, with `options` (validated by the caller).
    /// - Throws: ``GalleyError/invalidUTF8(offset:)`` for the first bad
    ///   paragraph, whose index is then in `failedItem`.
    package init(texts: UnsafeBufferPointer<UInt8>, offsets: UnsafeBufferPointer<Int>, options: DedupOptions,
                 failedItem: inout Int?) throws(GalleyError) {
        let fingerprinter = try Fingerprinter(options: options)
        let n = max(offsets.count - 1, 0)
        exactHash.reserveCapacity(n)
        tokenCount.reserveCapacity(n)
        bandOffsets.reserveCapacity(n + 1)
        shingleOffsets.reserveCapacity(n + 1)
        for i in 0..<n {
            let bytes = UnsafeBufferPointer(rebasing: texts[offsets[i] ..< offsets[i + 1]])
            let fp: Fingerprint
            do {
                fp = try fingerprinter.fingerprint(utf8: bytes)
            } catch {
                failedItem = i
                throw error
            }
            exactHash.append(fp.exactHash)
            tokenCount.append(Int32(clamping: fp.tokenCount))
            bandKeys.append(contentsOf: fp.bandKeys)
            bandOffsets.append(bandKeys.count)
            shingles.append(contentsOf: fp.shingles)
            shingleOffsets.append(shingles.count)
        }
    }
}

/// How many values two sorted, unique shingle sets share: the count
/// DedupIndex's verification (`overlap`) takes its Jaccard and containment
/// from.
package func sharedShingles(_ a: UnsafeBufferPointer<UInt16>, _ b: UnsafeBufferPointer<UInt16>) -> Int {
    var i = 0, j = 0, shared = 0
    while i < a.count && j < b.count {
        if a[i] == b[j] { shared += 1; i += 1; j += 1 }
        else if a[i] < b[j] { i += 1 }
        else { j += 1 }
    }
    return shared
}
