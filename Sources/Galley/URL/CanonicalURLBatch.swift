// Many URLs canonicalized in one call: the batch form behind
// galley_url_canonicalize_many() and galley.canonicalize_urls(), so that a
// caller crossing a language boundary pays the crossing once per batch, not
// once per URL. Inputs and outputs are flat: concatenated bytes + offsets.

/// The canonical hrefs of a batch of URLs.
package struct CanonicalURLList {
    /// Every href followed by "\n"; a URL that failed contributes only the
    /// "\n" (an href is never empty, so an empty line always means failure).
    package var text: [UInt8] = []
    /// Where item i's href starts in `text`; count + 1 entries, so item i
    /// is `text[starts[i] ..< starts[i + 1] - 1]`.
    package var starts: [Int] = [0]
    /// Why each failed item failed, by index.
    package var failures: [Int: String] = [:]

    package var count: Int { starts.count - 1 }
}

/// A batch of URLs and their bases, as byte ranges in flat buffers.
///
/// URL i is `urls[urlOffsets[i] ..< urlOffsets[i + 1]]`; base j likewise in
/// `bases`/`baseOffsets`; URL i resolves against base `baseIndex[i]` (-1: no
/// base), or, when `baseIndex` is nil, against base 0 if there is exactly one
/// base and none otherwise. The caller has checked that offsets are
/// non-decreasing and inside their buffers and that every index is in range.
package struct URLBatch {
    package var urls: UnsafeBufferPointer<UInt8>
    package var urlOffsets: UnsafeBufferPointer<Int>
    package var bases: UnsafeBufferPointer<UInt8>
    package var baseOffsets: UnsafeBufferPointer<Int>
    package var baseIndex: UnsafeBufferPointer<Int32>?

    package init(urls: UnsafeBufferPointer<UInt8>, urlOffsets: UnsafeBufferPointer<Int>,
                 bases: UnsafeBufferPointer<UInt8>, baseOffsets: UnsafeBufferPointer<Int>,
                 baseIndex: UnsafeBufferPointer<Int32>?) {
        self.urls = urls
        self.urlOffsets = urlOffsets
        self.bases = bases
        self.baseOffsets = baseOffsets
        self.baseIndex = baseIndex
    }

    package var count: Int { max(urlOffsets.count - 1, 0) }
    package var baseCount: Int { max(baseOffsets.count - 1, 0) }
}

/// Canonicalizes every URL of `batch` (see ``canonicalURL(_:base:options:)``).
/// A URL that is not UTF-8 or not a URL, or whose base is not, fails alone;
/// each base is parsed at most once.
package func canonicalizeMany(_ batch: URLBatch, options: CanonicalizationOptions) -> CanonicalURLList {
    let plan = CanonicalizationPlan(options)
    var list = CanonicalURLList()
    let n = batch.count
    list.starts.reserveCapacity(n + 1)
    list.text.reserveCapacity(batch.urls.count + n)

    // Bases are parsed when first used: nil = not yet, .success/.failure after.
    var parsedBases = [Result<CanonicalBase, GalleyError>?](repeating: nil, count: batch.baseCount)
    func base(_ j: Int) -> Result<CanonicalBase, GalleyError> {
        if let done = parsedBases[j] { return done }
        let bytes = UnsafeBufferPointer(rebasing: batch.bases[batch.baseOffsets[j] ..< batch.baseOffsets[j + 1]])
        let result: Result<CanonicalBase, GalleyError>
        do throws(GalleyError) {
            try UTF8Validation.validate(bytes)
            result = .success(try CanonicalBase(parsing: bytes))
        } catch .invalidUTF8(let offset) {
            result = .failure(.invalidArgument("base URL: invalid UTF-8 at byte \(offset)"))
        } catch {
            result = .failure(error)
        }
        parsedBases[j] = result
        return result
    }

    for i in 0 ..< n {
        let input = UnsafeBufferPointer(rebasing: batch.urls[batch.urlOffsets[i] ..< batch.urlOffsets[i + 1]])
        let j: Int = if let index = batch.baseIndex { Int(index[i]) } else { batch.baseCount == 1 ? 0 : -1 }
        do throws(GalleyError) {
            var parsedBase: CanonicalBase? = nil
            if j >= 0 { parsedBase = try base(j).get() }
            do throws(GalleyError) {
                try UTF8Validation.validate(input)
            } catch .invalidUTF8(let offset) {
                throw .invalidArgument("invalid UTF-8 at byte \(offset)")
            }
            try appendCanonicalHref(input, base: parsedBase, plan: plan, to: &list.text)
        } catch {
            list.failures[i] = error.description
        }
        list.text.append(0x0A)
        list.starts.append(list.text.count)
    }
    return list
}
