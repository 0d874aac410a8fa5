import Foundation
import Testing
@testable import Galley

/// The shared vectors (Tests/vectors/segmentation.json), also read by the C
/// test and pytest, so the three front doors provably agree.
struct Vectors: Decodable {
    struct Case: Decodable, CustomTestStringConvertible {
        let name: String
        let unit: String
        let lang: String
        let keep_whitespace: Bool
        let raw: Bool?
        let repair: Bool?
        let text: String
        let spans: [[Span]]
        let texts: [String]
        var testDescription: String { name }
    }
    enum Span: Decodable {
        case int(Int), string(String)
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let i = try? c.decode(Int.self) { self = .int(i) } else { self = .string(try c.decode(String.self)) }
        }
    }
    struct Invalid: Decodable, CustomTestStringConvertible {
        let name: String
        let hex: String
        let offset: Int
        var testDescription: String { name }
        var bytes: [UInt8] {
            stride(from: 0, to: hex.count, by: 2).map { i in
                let a = hex.index(hex.startIndex, offsetBy: i)
                return UInt8(hex[a..<hex.index(a, offsetBy: 2)], radix: 16)!
            }
        }
    }
    let cases: [Case]
    let invalid_utf8: [Invalid]

    static let shared: Vectors = {
        let url = TestPaths.vectors.appendingPathComponent("segmentation.json")
        let data = try! Data(contentsOf: url)
        return try! JSONDecoder().decode(Vectors.self, from: data)
    }()
}

func unit(named name: String) -> SegmentUnit {
    switch name {
    case "grapheme": return .grapheme
    case "word": return .word
    case "sentence": return .sentence
    default: return .paragraph
    }
}

@Test("shared vectors", arguments: Vectors.shared.cases)
func sharedVector(_ c: Vectors.Case) throws {
    let segmenter = try Segmenter(unit(named: c.unit), language: c.lang, keepWhitespace: c.keep_whitespace,
                                  rules: !(c.raw ?? false), repairGlued: c.repair ?? true)
    let got = try segmenter.segments(of: c.text)
    let want: [(Int, Int, String)] = c.spans.map { s in
        guard case .int(let a) = s[0], case .int(let b) = s[1], case .string(let k) = s[2] else {
            fatalError("malformed vector \(c.name)")
        }
        return (a, b, k)
    }
    #expect(got.count == want.count)
    for (g, w) in zip(got, want) {
        #expect(g.range == w.0..<w.1, "\(c.name)")
        #expect(g.kind.name == w.2, "\(c.name)")
    }
    #expect(try segmenter.split(c.text).map(String.init) == c.texts)
    // Also through the bytes entry point.
    var bytes = Array(c.text.utf8)
    let viaBytes = try bytes.withUnsafeMutableBufferPointer { try segmenter.segments(utf8: UnsafeBufferPointer($0)) }
    #expect(viaBytes == got)
}

@Test("invalid UTF-8 names the first bad byte", arguments: Vectors.shared.invalid_utf8)
func invalidUTF8(_ v: Vectors.Invalid) throws {
    for unit in SegmentUnit.allCases {
        let segmenter = try Segmenter(unit, language: "en")
        #expect(throws: GalleyError.invalidUTF8(offset: v.offset)) {
            try v.bytes.withUnsafeBufferPointer { try segmenter.segments(utf8: $0) }
        }
    }
    #expect(throws: GalleyError.invalidUTF8(offset: v.offset)) {
        try v.bytes.withUnsafeBufferPointer { try UTF8Validation.validate($0) }
    }
}
