import Testing
@testable import Galley

/// Long internationalized domains: ICU 72's UTS #46 ToASCII is quadratic in
/// the number of labels that need Punycode, so URLHost.swift converts a long
/// domain without right-to-left characters in pieces of whole labels. The
/// result must be what converting every label alone gives.
@Suite("URL hosts")
struct URLHostTests {
    /// Each label's own ASCII form, joined: what the whole domain converts to
    /// when no label is right-to-left.
    func labelByLabel(_ labels: [String]) throws -> String {
        try labels.map { $0.isEmpty ? "" : try domainToASCII($0) }.joined(separator: ".")
    }

    @Test func longDomainInPiecesEqualsLabelByLabel() throws {
        // Non-ASCII, ASCII, nontransitional ß, upper case, empty labels, and
        // a full-width dot (U+FF0E) that mapping turns into a separator.
        let labels = (0..<4000).map { i -> String in
            switch i % 6 {
            case 0: return "ü\(i)"
            case 1: return "A\(i)"
            case 2: return "Straße\(i)"
            case 3: return ""
            case 4: return "東京\(i)"
            default: return "b\(i)\u{FF0E}c"
            }
        }
        let domain = labels.joined(separator: ".")
        #expect(domain.utf8.count > 2 * idnaPiece)
        let expected = try labelByLabel(labels.map { $0.replacingFullWidthDot() })
        #expect(try domainToASCII(domain) == expected)
        let url = try WebURL(parsing: "http://" + domain + "/")
        #expect(url.hostname == expected)
    }

    @Test func invalidLabelInALaterPieceFailsTheDomain() {
        // A label starting with a combining mark, far from the start.
        let domain = Array(repeating: "ü", count: 6000).joined(separator: ".") + ".\u{301}a"
        #expect(throws: GalleyError.self) { try domainToASCII(domain) }
    }

    @Test func rightToLeftDomainsStayInOneCall() throws {
        // The bidi rule looks at the whole domain: "1.<hebrew>" is refused,
        // however long the domain (the digit-led label is far from the
        // Hebrew one).
        let long = Array(repeating: "ü", count: 6000).joined(separator: ".")
        #expect(throws: GalleyError.self) { try domainToASCII("1." + long + ".\u{5D0}\u{5D1}") }
        #expect(mayBeRightToLeft("\u{5D0}") && mayBeRightToLeft("\u{660}") && !mayBeRightToLeft("ü"))
    }
}

private extension String {
    func replacingFullWidthDot() -> String {
        String(unicodeScalars.map { $0 == "\u{FF0E}" ? "." : Character($0) })
    }
}
