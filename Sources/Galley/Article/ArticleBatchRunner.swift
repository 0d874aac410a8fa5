#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The batch runner: a stream of articles through the whole pipeline, as
// `galley process` runs it. Articles are gathered into batches; each batch
// is prepared on `jobs` threads (one ArticleProcessor each), then added to
// the index and handed to the caller's `write`, in input order, on a commit
// thread, while the next batch is prepared. Inputs that failed before the
// pipeline (unreadable, not JSON) keep their place as failure records.
// Uses only DedupIndex's public API (`add(_:journal:beforeStoring:)`).

/// One input of a run: an article, or why there is none in its place.
public struct RunItem: Sendable {
    /// The article's id (nil when unknown, as for a line that is not JSON).
    public var id: String?
    /// Where it came from ("FILE:LINE", a path), for its error record.
    public var source: String?
    /// Input bytes it stands for (progress and summary).
    public var bytes: Int
    /// The article, or the reason it could not be read.
    public var input: Result<ArticleInput, RunFailure>

    public init(id: String?, source: String?, bytes: Int, input: Result<ArticleInput, RunFailure>) {
        self.id = id
        self.source = source
        self.bytes = bytes
        self.input = input
    }
}

/// Why an input gave no article: a reading error, or the pipeline's.
public struct RunFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// What the run writes for one input, in input order.
public struct RunRecord: Sendable {
    /// The input's position in the run (0-based, counting every input).
    public var position: Int
    public var id: String?
    public var source: String?
    public var bytes: Int
    /// The processed article (duplicates filled in), or why it failed.
    public var result: Result<Article, RunFailure>

    /// The record's JSON line (no newline): the article's ``Article/json``
    /// or the error record `{"id","source","error"}`.
    public var json: String {
        switch result {
        case .success(let a): return a.json
        case .failure(let e): return Article.errorJSON(id: id, source: source, reason: e.description)
        }
    }
}

/// Runs `body(0)`, …, `body(count - 1)` concurrently and returns when all
/// are done: how an ``ArticleBatchRunner`` spreads a batch over its
/// processors. Pass your platform's (Dispatch's `concurrentPerform`) to use
/// its thread pool; the default starts `count - 1` threads of the runner's own.
public typealias ParallelFor = (_ count: Int, _ body: (Int) -> Void) -> Void

/// Runs articles through the pipeline in batches, on `jobs` threads, and
/// hands the results to `write` in input order.
///
/// ```swift
/// let index = try DedupIndex(path: "galley.db")
/// let runner = try ArticleBatchRunner(index: index, jobs: 2) { records in
///     for r in records { print(r.json) }       // in input order, before the index stores them
/// }
/// for (i, text) in texts.enumerated() {
///     try runner.add(RunItem(id: "a\(i)", source: nil, bytes: text.utf8.count,
///                            input: .success(ArticleInput(id: "a\(i)", text: text))))
/// }
/// try runner.finish()
/// ```
///
/// `write` runs on the commit thread, once per batch, after the batch's
/// duplicates are known and before the index stores it: when it throws,
/// the batch is not stored, and `add` or `finish` rethrows its error. A
/// storage error does the same. Nothing after a failed batch is written.
/// One runner is used from one thread at a time.
public final class ArticleBatchRunner {
    public let index: DedupIndex
    public let options: ArticleOptions
    /// Inputs per batch, and input bytes at which a batch is closed early.
    public let batch: Int
    public let batchBytes: Int
    private let journal: String?
    private let write: ([RunRecord]) throws -> Void
    private let processors: [ArticleProcessor]

    private var pending: [RunItem] = []
    private var pendingBytes = 0
    private var position = 0
    /// Persistent threads: `jobs - 1` helpers preparing beside the caller's
    /// thread, and the commit thread. (A thread started per batch is
    /// scheduled late on a loaded machine: it halved the rate there.)
    private let helpers: [Worker]
    private let parallel: ParallelFor?
    private let committer = Worker()
    private let commitState = CommitState()

    /// Seconds of wall time: preparing (this thread and its helpers),
    /// adding to the index, and writing (both on the commit thread).
    public private(set) var prepareSeconds = 0.0
    public var indexSeconds: Double { commitState.indexSeconds }
    public var writeSeconds: Double { commitState.writeSeconds }
    /// Time per stage, summed over the preparing threads.
    public var timings: StageTimings { processors.map(\.timings).reduce(StageTimings(), +) }

    /// - Parameters:
    ///   - index: where duplicates are searched and paragraphs remembered;
    ///     its options decide the fingerprints (`options.dedup` is replaced
    ///     by them).
    ///   - jobs: threads preparing articles (at least 1).
    ///   - batch: inputs per batch (one index transaction each), at least 1.
    ///   - batchBytes: input bytes at which a batch closes early.
    ///   - journal: the name under which the index journals each committed
    ///     input's position and id (``DedupIndex/journal(named:)``), or nil.
    ///   - startPosition: the position of the first input (resuming a run).
    ///   - parallel: runs the preparing of a batch on `jobs` threads; nil
    ///     for the runner's own persistent threads.
    ///   - write: the records of each batch, in order (see above).
    /// - Throws: `invalidArgument` for jobs or batch below 1; ICU errors
    ///   making the processors.
    public init(index: DedupIndex, options: ArticleOptions = ArticleOptions(), jobs: Int, batch: Int = 256,
                batchBytes: Int = 8 << 20, journal: String? = nil, startPosition: Int = 0,
                parallel: ParallelFor? = nil, write: @escaping ([RunRecord]) throws -> Void) throws(GalleyError) {
        guard jobs >= 1 else { throw .invalidArgument("jobs must be at least 1, not \(jobs)") }
        guard batch >= 1 else { throw .invalidArgument("batch must be at least 1, not \(batch)") }
        var options = options
        options.dedup = index.options
        self.index = index
        self.options = options
        self.batch = batch
        self.batchBytes = max(1, batchBytes)
        self.journal = journal
        self.write = write
        position = startPosition
        var processors: [ArticleProcessor] = []
        for _ in 0..<jobs { processors.append(try ArticleProcessor(options: options)) }
        self.processors = processors
        self.parallel = parallel
        helpers = parallel == nil ? (1..<jobs).map { _ in Worker() } : []
    }

    deinit {
        committer.stop()
        for h in helpers { h.stop() }
    }

    /// Queues one input; a full batch is prepared (on this thread and
    /// `jobs - 1` others) and handed to the commit thread, which first
    /// finishes the previous batch.
    /// - Throws: the error of an earlier batch's commit or `write`.
    public func add(_ item: RunItem) throws {
        pendingBytes += item.bytes
        pending.append(item)
        if pending.count >= batch || pendingBytes >= batchBytes { try flush() }
    }

    /// Prepares and commits what is queued, waits for the commit thread.
    /// - Throws: the error of any batch's commit or `write`.
    public func finish() throws {
        try flush()
        waitForCommit()
        if let e = commitState.failure { throw e }
    }

    private func waitForCommit() { committer.wait() }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        let t0 = monotonicNow()
        let prepared = prepareAll(pending)
        prepareSeconds += monotonicNow() - t0
        waitForCommit()
        if let e = commitState.failure { throw e }
        let items = pending, first = position
        position += items.count
        pending.removeAll(keepingCapacity: true)
        pendingBytes = 0
        let state = commitState, index = index, journal = journal, write = write
        committer.run {
            state.commit(items, prepared, first: first, index: index, journal: journal, write: write)
        }
    }

    /// Prepares `items` on every processor's thread; results in input order.
    private func prepareAll(_ items: [RunItem]) -> [Result<PreparedArticle, RunFailure>] {
        let results = UnsafeMutableBufferPointer<Result<PreparedArticle, RunFailure>>.allocate(capacity: items.count)
        results.initialize(repeating: .failure(RunFailure("")))
        defer { results.deinitialize().deallocate() }
        let next = WorkCounter()
        let work = { (processor: ArticleProcessor) in
            while true {
                let i = next.take()
                guard i < items.count else { return }
                switch items[i].input {
                case .failure(let e): results[i] = .failure(e)
                case .success(let input):
                    do { results[i] = .success(try processor.prepare(input)) } catch {
                        results[i] = .failure(RunFailure("\(error)"))
                    }
                }
            }
        }
        if let parallel, processors.count > 1, items.count > 1 {
            let processors = processors
            parallel(processors.count) { w in work(processors[w]) }
            return Array(results)
        }
        let used = max(0, min(helpers.count, items.count - 1))
        for w in 0..<used {
            let processor = processors[w + 1]
            helpers[w].run { work(processor) }
        }
        work(processors[0])
        for w in 0..<used { helpers[w].wait() }
        return Array(results)
    }
}

/// What the commit thread owns: its timings and the first failure. Read by
/// the runner only after joining the thread.
private final class CommitState {
    var indexSeconds = 0.0
    var writeSeconds = 0.0
    var failure: (any Error)? = nil

    func commit(_ items: [RunItem], _ prepared: [Result<PreparedArticle, RunFailure>], first: Int,
                index: DedupIndex, journal: String?, write: @escaping ([RunRecord]) throws -> Void) {
        var t0 = monotonicNow()
        var ok: [PreparedArticle] = []
        for case .success(let p) in prepared { ok.append(p) }
        let entries = journal.map { name in
            (name: name, entries: items.enumerated().map { (position: Int64(first + $0.offset), article: $0.element.id ?? "") })
        }
        var callbackError: (any Error)? = nil
        do {
            try index.add(ok, journal: entries) { articles in
                var k = 0
                var records: [RunRecord] = []
                records.reserveCapacity(items.count)
                for (i, (item, result)) in zip(items, prepared).enumerated() {
                    let r: Result<Article, RunFailure>
                    switch result {
                    case .success:
                        r = .success(articles[k])
                        k += 1
                    case .failure(let e):
                        r = .failure(e)
                    }
                    records.append(RunRecord(position: first + i, id: item.id, source: item.source, bytes: item.bytes,
                                             result: r))
                }
                let t1 = monotonicNow()
                self.indexSeconds += t1 - t0
                do { try write(records) } catch {
                    callbackError = error
                    throw GalleyError.invalidArgument("write failed")
                }
                t0 = monotonicNow()
                self.writeSeconds += t0 - t1
            }
            indexSeconds += monotonicNow() - t0
        } catch {
            failure = callbackError ?? error
        }
    }
}

/// A persistent thread that runs one job at a time: `run` hands it a job
/// (after the previous one is done), `wait` returns when it is done, `stop`
/// ends the thread.
private final class Worker {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var job: (() -> Void)? = nil
    private var stopping = false
    private var thread = pthread_t()
    private var started = false

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(cond, nil)
    }

    deinit {
        pthread_cond_destroy(cond)
        pthread_mutex_destroy(mutex)
        cond.deallocate()
        mutex.deallocate()
    }

    /// Runs `body` on the thread, once the previous job is done.
    func run(_ body: @escaping () -> Void) {
        pthread_mutex_lock(mutex)
        while job != nil { pthread_cond_wait(cond, mutex) }
        job = body
        if !started {
            started = true
            // The thread holds the worker until `stop`.
            guard let t = startThread({ self.loop() }) else { preconditionFailure("pthread_create failed") }
            thread = t
        }
        pthread_cond_broadcast(cond)
        pthread_mutex_unlock(mutex)
    }

    /// Returns once no job is queued or running.
    func wait() {
        pthread_mutex_lock(mutex)
        while job != nil { pthread_cond_wait(cond, mutex) }
        pthread_mutex_unlock(mutex)
    }

    /// Finishes the job in hand, then ends the thread.
    func stop() {
        pthread_mutex_lock(mutex)
        while job != nil { pthread_cond_wait(cond, mutex) }
        stopping = true
        pthread_cond_broadcast(cond)
        let wasStarted = started
        pthread_mutex_unlock(mutex)
        if wasStarted { pthread_join(thread, nil) }
        started = false
    }

    private func loop() {
        pthread_mutex_lock(mutex)
        while true {
            while job == nil && !stopping { pthread_cond_wait(cond, mutex) }
            guard let body = job else { break }
            pthread_mutex_unlock(mutex)
            body()
            pthread_mutex_lock(mutex)
            job = nil
            pthread_cond_broadcast(cond)
        }
        pthread_mutex_unlock(mutex)
    }
}

