/// One paragraph as the corpus index keeps it: everything needed to find
/// and verify its near-duplicates later, in about 200 bytes.
///
/// Stored paragraphs are immutable once written. `sequence` is the global
/// input order (0, 1, 2, … over the life of the index): the first seen
/// paragraph of a cluster is the one with the smallest sequence.
public struct StoredParagraph: Sendable, Equatable {
    /// Global input order, from 0; unique and increasing.
    public var sequence: Int64
    /// The caller's document id.
    public var documentID: String
    /// The paragraph's index within its document, from 0.
    public var paragraph: Int32
    /// 64-bit hash of the normalized token sequence (exact duplicates).
    public var exactHash: UInt64
    /// Number of tokens after normalization.
    public var tokenCount: Int32
    /// LSH band keys (one 32-bit key per band). Empty for paragraphs with
    /// fewer tokens than the shingle size (those match by exactHash only).
    public var bandKeys: [UInt32]
    /// The paragraph's shingles as sorted, unique 16-bit fingerprints, for
    /// verifying Jaccard similarity and containment.
    public var shingles: [UInt16]
    /// When the paragraph duplicates an earlier one: that one's sequence,
    /// the similarity and the kind (see `DuplicateKind`); nil when kept.
    public var duplicateOf: Int64?
    public var similarity: Double
    public var kind: UInt8

    public init(sequence: Int64, documentID: String, paragraph: Int32, exactHash: UInt64,
                tokenCount: Int32, bandKeys: [UInt32], shingles: [UInt16],
                duplicateOf: Int64? = nil, similarity: Double = 0, kind: UInt8 = 0) {
        self.sequence = sequence
        self.documentID = documentID
        self.paragraph = paragraph
        self.exactHash = exactHash
        self.tokenCount = tokenCount
        self.bandKeys = bandKeys
        self.shingles = shingles
        self.duplicateOf = duplicateOf
        self.similarity = similarity
        self.kind = kind
    }
}
