import Testing
@testable import Galley
@Test func smoke() throws { #expect(try sentences(in: "Hi there. Bye.") == ["Hi there.", "Bye."]) }
