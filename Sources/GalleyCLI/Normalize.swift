import ArgumentParser
import Galley

/// `galley normalize`: Galley.normalize over files, standard input or JSON Lines.
struct Normalize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Normalize text: NFC or NFKC, Unicode spaces, invisible characters, quotes and dashes.",
        discussion: """
            Removes zero-width characters, byte order marks, soft hyphens and \
            control characters other than tab and line ends; applies NFC (or NFKC); \
            turns Unicode spaces into spaces and collapses runs of spaces and tabs, \
            dropping those that end a line; optionally folds typographic quotes and \
            dashes to ASCII.

            Plain mode writes each input's normalized text as it is. A FILE may be a \
            folder: its .txt and .md files are read in name order. With more than one \
            input, each comes under a "==> path <==" header and ends with a newline. \
            With no FILE, or "-", standard input is read.

            With --jsonl every input line is a JSON object {"text": ...} (other \
            fields are ignored; blank lines are skipped) and every output line, in \
            the same order, is {"text": ...} with the normalized text. A line that \
            cannot be processed gives {"id": null, "source": "FILE:LINE", "error": \
            "..."} and the rest go on; the exit status is 1 if any line or file \
            failed.
            """)

    enum Form: String, ExpressibleByArgument, CaseIterable {
        case nfc, nfkc
        var form: NormalizationOptions.Form { self == .nfc ? .nfc : .nfkc }
    }

    @Option(help: "Normalization form; nfkc also maps ﬁ → fi, Ａ → A, ① → 1.")
    var form: Form = .nfc

    @Flag(help: "Fold typographic quotes (“ ” „ « » ‘ ’ …) to \" and '.")
    var foldQuotes = false

    @Flag(help: "Fold dashes (‐ ‑ ‒ – — ― −) to -.")
    var foldDashes = false

    @Flag(help: "Map Unicode spaces to spaces but keep runs of spaces and tabs as they are.")
    var noCollapseSpaces = false

    @Flag(help: "Read and write JSON Lines.")
    var jsonl = false

    @Argument(help: "Files or folders to read (default: standard input).")
    var files: [String] = []

    var options: NormalizationOptions {
        NormalizationOptions(form: form.form, foldQuotes: foldQuotes, foldDashes: foldDashes,
                             collapseSpaces: !noCollapseSpaces)
    }

    struct Line: Decodable { let text: String }

    func run() throws {
        let options = self.options
        let inputs = try expandInputs(files)
        if jsonl {
            let runner = JSONLinesRunner()
            try runner.run(inputs, as: Line.self, expected: "a JSON object with \"text\" as a string") { record, w in
                let text = try normalize(record.text, options: options).text
                w.raw("{"); w.key("text"); w.string(text); w.raw("}")
            }
            if runner.failed { throw ExitCode(1) }
            return
        }
        let out = RecordWriter()
        var failed = false
        for input in inputs {
            let bytes: [UInt8]
            do {
                bytes = try readAll(input)
            } catch {
                Diagnostics.error("\(input.display): \(error)")
                failed = true
                continue
            }
            if inputs.count > 1 { out.write(text: "==> \(input.display) <==\n") }
            do {
                let n = try bytes.withUnsafeBufferPointer { try normalize(utf8: $0, options: options) }
                out.write(text: n.text)
                if inputs.count > 1 && !n.text.isEmpty && n.text.utf8.last != 0x0A { out.write(text: "\n") }
            } catch {
                Diagnostics.error("\(input.display): \(error)")
                failed = true
            }
        }
        out.flush()
        if failed { throw ExitCode(1) }
    }
}
