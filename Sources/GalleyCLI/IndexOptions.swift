import ArgumentParser
import Galley

/// The options `process` and `dedup` share: the same names, defaults and
/// checks wherever a command keeps a near-duplicate index.
struct IndexOptions: ParsableArguments {
    @Option(help: "The SQLite index that remembers paragraphs across runs.")
    var index: String = "galley.db"

    @Flag(help: "Keep no index file: duplicates are found within this run only.")
    var noIndex = false

    @Option(help: "Records per batch (one transaction each).")
    var batch: Int = 256

    @Option(help: "Jaccard similarity (word 5-grams) at which a paragraph is a near-duplicate; must match the index's.")
    var threshold: Double = 0.8

    @Option(help: "Containment at which a truncated or extended copy is a duplicate; 0 reports no contained copies.")
    var containment: Double = 0.9

    @Option(help: "At most this many of the most recent paragraphs of each LSH bucket are verified per paragraph (bounds the work on templated text); 0 verifies them all.")
    var candidatesPerBucket: Int = DedupOptions().candidatesPerBucket

    func validate() throws {
        if candidatesPerBucket < 0 || candidatesPerBucket > Int(Int32.max) {
            throw ValidationError("--candidates-per-bucket must be in 0...\(Int32.max), not \(candidatesPerBucket)")
        }
        if batch < 1 { throw ValidationError("--batch must be at least 1") }
        if !(threshold > 0 && threshold <= 1) { throw ValidationError("--threshold must be in (0, 1], not \(threshold)") }
        if !(containment >= 0 && containment <= 1) { throw ValidationError("--containment must be in [0, 1], not \(containment)") }
    }

    /// The index file, or nil for an index in memory (--no-index).
    var path: String? { noIndex ? nil : index }

    var dedupOptions: DedupOptions {
        var options = DedupOptions()
        options.threshold = threshold
        options.containment = containment > 0 ? containment : nil
        options.candidatesPerBucket = candidatesPerBucket
        return options
    }
}
