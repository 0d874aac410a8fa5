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
        var out = OutputBuffer()
        var failed = false
        for input in try expandInputs(files) {
            let bytes: [UInt8]
            do { bytes = try readAll(input) } catch {
                Diagnostics.error("\(input.display): \(error)")
                failed = true
                continue
            }
            for line in jsonLines(bytes) where !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                let valid = line.withUnsafeBufferPointer { (try? UTF8Validation.validate($0)) != nil }
                let text = String(decoding: line, as: UTF8.self)
                var fields: [(String, String?)] = [("href", nil), ("canonical_url", nil), ("link_key", nil)]
                var reason: String? = nil
                if !valid {
                    reason = "invalid UTF-8"
                } else {
                    do {
                        fields[0].1 = try WebURL(parsing: text, base: base).href
                        fields[1].1 = try canonicalURL(text, base: base).href
                        fields[2].1 = try linkKey(text, base: base).href
                    } catch {
                        fields = fields.map { ($0.0, nil) }
                        reason = String(describing: error)
                    }
                }
                if reason != nil { failed = true }
                out.write("{\"url\":")
                writeString(&out, text)
                for (name, value) in fields + [("error", reason)] {
                    out.write(",\"\(name)\":")
                    if let value { writeString(&out, value) } else { out.write("null") }
                }
                out.write("}\n")
            }
        }
        out.flush()
        if failed { throw ExitCode(1) }
    }

    private func writeString(_ out: inout OutputBuffer, _ s: String) {
        var s = s
        s.withUTF8 { out.writeJSONString($0) }
    }
}
