import Foundation
import Testing
@testable import Galley

/// The sentence golden rules (`Tests/conformance/golden_*.json`), compared after stripping each sentence and joining
/// hard-wrapped lines (see `goldenKey`).
struct GoldenFile: CustomTestStringConvertible, Sendable {
    let name: String
    let language: String
    var testDescription: String { name }

    static let directory = TestPaths.conformance

    static let all: [GoldenFile] = ["en", "en_pragmatic52", "de", "ru", "es", "fr", "ja", "zh"].map {
        GoldenFile(name: "golden_\($0).json", language: String($0.prefix(2)))
    }

    static var available: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("golden_en.json").path)
    }

    struct Case: Decodable { let name: String; let text: String; let sentences: [String] }

    func cases() throws -> [Case] {
        let data = try Data(contentsOf: GoldenFile.directory.appendingPathComponent(name))
        return try JSONDecoder().decode([Case].self, from: data)
    }
}

/// Stripped; every whitespace run holding a line break becomes "" between
/// two CJK characters and " " otherwise (a hard-wrapped line continues).
func goldenKey(_ s: String) -> String {
    let scalars = Array(s.unicodeScalars)
    func isSpace(_ u: Unicode.Scalar) -> Bool { u.properties.isWhitespace }
    func isBreak(_ u: Unicode.Scalar) -> Bool { [0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029].contains(u.value) }
    func isCJK(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return (0x3040...0x30FF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v)
            || (0xAC00...0xD7AF).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFF00...0xFFEF).contains(v)
            || (0x20000...0x2FFFF).contains(v)
    }
    var out = String.UnicodeScalarView()
    var i = 0
    while i < scalars.count {
        guard isSpace(scalars[i]) else { out.append(scalars[i]); i += 1; continue }
        var j = i
        var hasBreak = false
        while j < scalars.count && isSpace(scalars[j]) { hasBreak = hasBreak || isBreak(scalars[j]); j += 1 }
        if !out.isEmpty && j < scalars.count {
            if !hasBreak { out.append(contentsOf: scalars[i..<j]) }
            else if !(isCJK(out.last!) && isCJK(scalars[j])) { out.append(" ") }
        }
        i = j
    }
    return String(out)
}

@Suite("Golden sentence rules")
struct GoldenRuleTests {
    @Test("golden file", arguments: GoldenFile.all)
    func golden(_ file: GoldenFile) throws {
        let segmenter = try Segmenter(.sentence, language: file.language)
        var failed: [String] = []
        let cases = try file.cases()
        for c in cases {
            let got = try segmenter.split(c.text).map { goldenKey(String($0)) }.filter { !$0.isEmpty }
            let want = c.sentences.map(goldenKey).filter { !$0.isEmpty }
            if got != want { failed.append("\(c.name): got \(got)") }
        }
        #expect(failed.isEmpty, "\(file.name): \(cases.count - failed.count)/\(cases.count)\n\(failed.joined(separator: "\n"))")
    }
}
