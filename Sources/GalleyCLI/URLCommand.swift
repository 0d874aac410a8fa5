import ArgumentParser
import Galley

/// `galley url`: URLs parsed, canonicalized and keyed, one JSON line each.
struct URLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "url",
        abstract: "Parse URLs and print their canonical URL and match key.",
        discussion: """
            Reads one URL per line from each FILE (or standard input; a CR before \
            the LF is dropped, blank lines are skipped) and writes one JSON line per \
            URL, in order: {"url": as read, "href": as the WHATWG parser serializes \
            it, "canonical_url": the canonical URL (trackers and session ids \
            dropped, query sorted; safe: never merges different pages), "link_key": \
            the match key (also folds http/https, www./m./mobile./amp. hosts, AMP \
            forms, trailing slashes), "error": null}. A line that is not a URL, or \
            not UTF-8, gives the same record with nulls and "error" saying why (the \
            line's bytes with invalid UTF-8 replaced by U+FFFD); the others go on \
            and the exit status is 1.
            """)

    @Option(help: "Base URL for relative references.")
    var base: String?

    @Argument(help: "Files with one URL per line (default: standard input).")
    var files: [String] = []

    func validate() throws {
        if let base, (try? WebURL(parsing: base)) == nil {
            throw ValidationError("--base is not an absolute URL: \(base)")
        }
    }

    func run() throws {
        let out = RecordWriter()
        var failed = false
        var w = JSONWriter(capacity: 512)
        try forEachLine(try expandInputs(files), unreadable: { input, reason in
            Diagnostics.error("\(input.display): \(reason)")
            failed = true
        }) { line, _ in
            let valid = line.withUnsafeBufferPointer { (try? UTF8Validation.validate($0)) != nil }
            let text = String(decoding: line, as: UTF8.self)
            var href: String? = nil, canonical: String? = nil, key: String? = nil
            var reason: String? = nil
            if !valid {
                reason = "invalid UTF-8"
            } else {
                do {
                    href = try WebURL(parsing: text, base: base).href
                    canonical = try canonicalURL(text, base: base).href
                    key = try linkKey(text, base: base).href
                } catch {
                    (href, canonical, key) = (nil, nil, nil)
                    reason = String(describing: error)
                }
            }
            if reason != nil { failed = true }
            w.removeAll()
            w.raw("{"); w.key("url"); w.string(text)
            w.raw(","); w.key("href"); w.optionalString(href)
            w.raw(","); w.key("canonical_url"); w.optionalString(canonical)
            w.raw(","); w.key("link_key"); w.optionalString(key)
            w.raw(","); w.key("error"); w.optionalString(reason)
            w.raw("}")
            out.write(w)
        }
        out.flush()
        if failed { throw ExitCode(1) }
    }
}
