#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The segments of many documents, split on several threads: what
/// `galley_segment_many` returns. Offsets are relative to each document's
/// start, in the segmenter's offset unit.
///
/// ```swift
/// let batch = segmentMany(bytes, offsets: ends, like: Segmenter(.sentence), threads: 2)
/// // document i's spans are pairs spanStarts[i] ..< spanStarts[i + 1] of `bounds`
/// ```
package struct SegmentBatch {
    /// `count + 1` entries: document i's spans are spans
    /// `spanStarts[i] ..< spanStarts[i + 1]`.
    package var spanStarts: [Int] = [0]
    /// Two entries per span: start, end.
    package var bounds: [Int] = []
    /// Documents that failed, by index, in ascending order; they have no spans.
    package var failures: [(index: Int, error: GalleyError)] = []
}

/// Splits the documents `utf8[offsets[i] ..< offsets[i + 1]]` (for i in
/// `0 ..< offsets.count - 1`) with segmenters made like `prototype` (same
/// unit, language, flags and offset unit), on up to `threads` threads (the
/// calling thread is one of them; 0 means one per online CPU).
///
/// Each thread takes the next unclaimed document, so long and short
/// documents even out. A document that fails (invalid UTF-8, too large, out
/// of memory) fails alone: it gets no spans and its error is in
/// ``SegmentBatch/failures``; the others are unaffected. The result does
/// not depend on the number of threads. `offsets` must be non-decreasing
/// and within `utf8` (the C layer checks).
package func segmentMany(_ utf8: UnsafeBufferPointer<UInt8>, offsets: UnsafeBufferPointer<Int>,
                         like prototype: Segmenter, threads: Int) -> SegmentBatch {
    let count = max(0, offsets.count - 1)
    var batch = SegmentBatch()
    guard count > 0 else { return batch }
    let results = UnsafeMutableBufferPointer<Result<[Int], GalleyError>>.allocate(capacity: count)
    results.initialize(repeating: .success([]))
    defer { results.deinitialize().deallocate() }

    let wanted = threads > 0 ? threads : onlineCPUs()
    let workers = max(1, min(wanted, count))
    let counter = WorkCounter()
    let work = { (segmenter: Segmenter) in
        while true {
            let i = counter.take()
            guard i < count else { return }
            let doc = UnsafeBufferPointer(rebasing: utf8[offsets[i] ..< offsets[i + 1]])
            var bounds: [Int] = []
            do throws(GalleyError) {
                try segmenter.forEachSegment(utf8: doc) { s in
                    bounds.append(s.range.lowerBound)
                    bounds.append(s.range.upperBound)
                }
                results[i] = .success(bounds)
            } catch {
                results[i] = .failure(error)
            }
        }
    }
    // Helpers get segmenters of their own (a segmenter is one per thread);
    // one that cannot be made leaves its share to the others.
    var helpers: [pthread_t] = []
    for _ in 1 ..< workers {
        guard let segmenter = try? prototype.makeCopy() else { break }
        guard let thread = startThread({ work(segmenter) }) else { break }
        helpers.append(thread)
    }
    work(prototype)
    for thread in helpers { pthread_join(thread, nil) }

    var total = 0
    for r in results { if case .success(let b) = r { total += b.count } }
    batch.bounds.reserveCapacity(total)
    batch.spanStarts.reserveCapacity(count + 1)
    for i in 0 ..< count {
        switch results[i] {
        case .success(let b): batch.bounds.append(contentsOf: b)
        case .failure(let e): batch.failures.append((i, e))
        }
        batch.spanStarts.append(batch.bounds.count / 2)
    }
    return batch
}

extension Segmenter {
    /// A new segmenter with the same settings (for another thread).
    package func makeCopy() throws(GalleyError) -> Segmenter {
        try Segmenter(unit, language: language, keepWhitespace: keepWhitespace, offsetUnit: offsetUnit,
                      rules: rules, repairGlued: repairGlued)
    }
}

