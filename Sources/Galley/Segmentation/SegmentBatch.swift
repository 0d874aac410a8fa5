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
    let counter = BatchCounter()
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
        guard let thread = startBatchThread({ work(segmenter) }) else { break }
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

/// The number of online CPUs, at least 1.
package func onlineCPUs() -> Int {
    max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}

/// Hands out 0, 1, 2, … to any number of threads.
private final class BatchCounter: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var value = 0

    init() { pthread_mutex_init(mutex, nil) }
    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func take() -> Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        value += 1
        return value - 1
    }
}

private final class BatchThreadBody {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}

/// Starts a thread running `body` (join it with pthread_join), or nil when
/// the system has no thread to give.
private func startBatchThread(_ body: @escaping () -> Void) -> pthread_t? {
    let box = Unmanaged.passRetained(BatchThreadBody(body))
    var thread = pthread_t()
    let rc = pthread_create(&thread, nil, { p in
        Unmanaged<BatchThreadBody>.fromOpaque(p!).takeRetainedValue().run()
        return nil
    }, box.toOpaque())
    guard rc == 0 else {
        box.release()
        return nil
    }
    return thread
}
