import CSQLiteShim
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The durable store of a corpus dedup index: every ``StoredParagraph`` the
/// index has seen, in an SQLite file (or in memory), appended a batch at a
/// time. The index keeps its LSH tables in memory and rebuilds them from
/// ``loadAll()`` when it opens.
///
/// ```swift
/// let store = try IndexStore(path: "corpus.galley")   // nil: in memory
/// let known = try store.loadAll()                      // sequence order
/// try store.append(newParagraphs)                      // one transaction
/// ```
///
/// Guarantees:
/// - **Atomic batches.** ``append(_:)`` writes one transaction: after a
///   crash (a killed process, or a power loss: `synchronous=FULL`), a batch
///   is either all there or not there at all. Nothing else is lost.
/// - **Exclusive.** The file stays locked while the store is open (SQLite's
///   exclusive locking mode); a second store on the same file, in this
///   process or another, fails with "in use" instead of diverging.
/// - **Checked.** Every failure of the file throws
///   `GalleyError.storage(kind, path:, message:)` with a message naming the
///   file; it never traps: `.notAnIndex` (not SQLite, another application's
///   database, a newer schema), `.corrupt` (damaged, or cut short anywhere
///   but to 0 bytes), `.busy` (open in another store), `.readOnly` (the file
///   or its folder cannot be written), `.full` (the disk or the file size
///   limit; the batch is rolled back) and `.io` for the rest.
///   An empty (0-byte) file, or an SQLite database with no tables at all,
///   becomes a new index — deliberately: SQLite never leaves a file that
///   holds a commit at 0 bytes, so nothing committed can be in it; it is
///   what a crash before the first commit leaves, and what `mktemp` creates.
/// - **Clean close.** Closing checkpoints the WAL into the file and removes
///   the `-wal` file; no `-shm` file is ever made (exclusive locking mode).
///
/// The file (schema version 1, `PRAGMA application_id` 0x47414C59, "GALY"):
///
/// ```sql
/// CREATE TABLE documents(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
/// CREATE TABLE paragraphs(
///   sequence INTEGER PRIMARY KEY,    -- StoredParagraph.sequence
///   document INTEGER NOT NULL,       -- documents.id
///   paragraph INTEGER NOT NULL,
///   exact_hash INTEGER NOT NULL,     -- UInt64 bit pattern as a signed integer
///   token_count INTEGER NOT NULL,
///   band_keys BLOB NOT NULL,         -- UInt32s, little-endian
///   shingles BLOB NOT NULL,          -- ShingleCoding: count + Rice-coded gaps
///   duplicate_of INTEGER,            -- NULL when kept
///   similarity REAL NOT NULL,
///   kind INTEGER NOT NULL);
/// -- Created when first used (older files lack it; older Galleys ignore it):
/// -- which input positions a named run (`galley process --out FILE`) has
/// -- committed, in the same transactions as their paragraphs.
/// CREATE TABLE journal(name TEXT NOT NULL, position INTEGER NOT NULL,
///   article TEXT NOT NULL, PRIMARY KEY(name, position)) WITHOUT ROWID;
/// ```
///
/// Not `Sendable`: one store per index, used by one thread at a time.
final class IndexStore {
    /// `PRAGMA application_id` of a Galley index: "GALY".
    static let applicationID: Int32 = 0x4741_4C59
    /// The schema version this code writes and reads (`PRAGMA user_version`).
    static let schemaVersion: Int32 = 1

    /// The file, or nil for an in-memory store.
    let path: String?
    /// Paragraphs stored.
    private(set) var count: Int = 0
    /// The largest stored sequence; nil when empty. Appends must go past it.
    private(set) var lastSequence: Int64? = nil

    private let db: OpaquePointer
    private var insertParagraph: OpaquePointer? = nil
    private var insertDocument: OpaquePointer? = nil
    private var findDocument: OpaquePointer? = nil
    /// Document name -> documents.id, for the documents this store has
    /// looked up or written (committed rows only).
    private var documentRows: [String: Int64] = [:]
    /// Scratch buffers for encoding one row.
    private var bandBytes: [UInt8] = []
    private var shingleBytes: [UInt8] = []

    /// Opens the index at `path`, creating it when the file is missing or
    /// empty; nil keeps the index in memory (same behaviour, nothing
    /// durable). Throws `storage` (see the type's guarantees) for a file that
    /// cannot be used, and `invalidArgument` for an empty path or one with a
    /// NUL byte.
    init(path: String?) throws(GalleyError) {
        self.path = path
        var target = ":memory:"
        if let path {
            guard !path.isEmpty else {
                throw .invalidArgument("the index path is empty (pass nil for an in-memory index)")
            }
            guard !path.utf8.contains(0) else {
                throw .invalidArgument("the index path contains a NUL byte")
            }
            // This SQLite takes URIs ("file:...") and ":memory:" as names;
            // Galley's paths are always files.
            target = path.hasPrefix("file:") || path == ":memory:" ? "./" + path : path
        }
        var handle: OpaquePointer? = nil
        let rc = gsql_open(target, &handle)
        guard let handle else { throw .outOfMemory }
        db = handle  // From here on, deinit closes the connection.
        guard rc == GSQL_OK else { throw failure(rc, "opening the file") }
        // SQLite falls back to read-only by itself when the file cannot be
        // opened for writing; an index must be written, so say so now (not
        // as an I/O error at the first lock or commit).
        if path != nil && gsql_db_readonly(handle) == 1 {
            throw .storage(.readOnly, path: path,
                           message: "index '\(path!)' cannot be written (the file is read-only)")
        }
        try open(file: path == nil ? nil : target)
    }

    deinit {
        gsql_finalize(insertParagraph)
        gsql_finalize(insertDocument)
        gsql_finalize(findDocument)
        gsql_finalize(insertJournalRow)
        gsql_finalize(insertDocumentWithID)
        // Copy the WAL into the file and empty it; closing the last
        // connection then removes it (no -shm exists: exclusive locking).
        if path != nil { _ = gsql_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)") }
        gsql_close(db)
    }

    /// Sets SQLite's page cache (`PRAGMA cache_size`) to `kibibytes`: the
    /// documents' name index takes inserts at random places, which stay
    /// in memory instead of being read back from the file as it grows.
    func setCacheSize(kibibytes: Int) throws(GalleyError) {
        try exec("PRAGMA cache_size=-\(kibibytes)", "setting the cache size")
    }

    /// Gives back the page cache's memory (`PRAGMA shrink_memory`): after
    /// opening, the scan of every row has filled it with pages the index
    /// already holds in its own layout (64 MiB at a million paragraphs).
    /// Pages come back as the file is used.
    func releaseCache() {
        _ = try? exec("PRAGMA shrink_memory", "releasing the page cache")
    }

    // MARK: - Settings

    /// The index's fixed settings (what its fingerprints depend on), as
    /// recorded when the first paragraph was stored; nil when none are.
    func settings() throws(GalleyError) -> String? {
        try exec("CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
                 "reading the settings")
        let stmt = try prepare("SELECT value FROM settings WHERE key = 'fingerprint'")
        defer { gsql_finalize(stmt) }
        let rc = gsql_step(stmt)
        if rc == GSQL_DONE { return nil }
        guard rc == GSQL_ROW else { throw failure(rc, "reading the settings") }
        var n = 0
        guard let p = gsql_column_text(stmt, 0, &n) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    /// Records the settings (once; later calls with the same value do nothing).
    func saveSettings(_ value: String) throws(GalleyError) {
        let stmt = try prepare("INSERT OR IGNORE INTO settings(key, value) VALUES('fingerprint', ?1)")
        defer { gsql_finalize(stmt) }
        let b = bindText(stmt, 1, value)
        guard b == GSQL_OK else { throw failure(b, "saving the settings") }
        let rc = gsql_step(stmt)
        guard rc == GSQL_DONE else { throw failure(rc, "saving the settings") }
    }

    // MARK: - Reading

    /// Every stored paragraph, in sequence order.
    func loadAll() throws(GalleyError) -> [StoredParagraph] {
        let names = try documentNames()
        var result: [StoredParagraph] = []
        result.reserveCapacity(count)
        try forEachParagraph { p, document throws(GalleyError) in
            guard let name = names[document] else {
                throw storage(.corrupt, "is damaged: paragraph with sequence \(p.sequence) has an unknown document")
            }
            var p = p
            p.documentID = name
            result.append(p)
        }
        return result
    }

    /// Documents stored (rows of the documents table).
    var documentCount: Int {
        guard let stmt = try? prepare("SELECT count(*) FROM documents") else { return 0 }
        defer { gsql_finalize(stmt) }
        return gsql_step(stmt) == GSQL_ROW ? Int(gsql_column_int64(stmt, 0)) : 0
    }

    /// What opening needs room for, from one pass over the paragraphs'
    /// row headers (`length()` of a BLOB reads no content): the bytes of
    /// the shingle BLOBs of every row that is not an exact duplicate (the
    /// arena codes them the same way; an exact repeat below the minimum
    /// tokens is counted and keeps none, so this is an upper bound), and
    /// the rows with a match. Lets the open size its columns once instead
    /// of growing them by doubling (a 10M file's arena is ~0.85 GB: it
    /// peaked at 3.33 GB with the doublings and the final fit).
    func columnTotals() throws(GalleyError) -> (shingleBytes: Int, matches: Int) {
        let stmt = try prepare("""
            SELECT coalesce(sum(CASE WHEN kind = 1 THEN 0 ELSE length(shingles) END), 0), count(duplicate_of)
            FROM paragraphs
            """)
        defer { gsql_finalize(stmt) }
        let rc = gsql_step(stmt)
        guard rc == GSQL_ROW else { throw failure(rc, "reading paragraphs") }
        return (Swift.max(0, Int(gsql_column_int64(stmt, 0))), Swift.max(0, Int(gsql_column_int64(stmt, 1))))
    }

    /// Every document (documents.id, name), in id order.
    func forEachDocument(_ body: (Int64, String) throws(GalleyError) -> Void) throws(GalleyError) {
        let stmt = try prepare("SELECT id, name FROM documents ORDER BY id")
        defer { gsql_finalize(stmt) }
        while true {
            let rc = gsql_step(stmt)
            if rc == GSQL_DONE { return }
            guard rc == GSQL_ROW else { throw failure(rc, "reading document ids") }
            var len = 0
            let text = gsql_column_text(stmt, 1, &len)
            try body(gsql_column_int64(stmt, 0),
                     String(decoding: UnsafeBufferPointer(start: text, count: text == nil ? 0 : len), as: UTF8.self))
        }
    }

    /// Every stored paragraph in sequence order, one at a time, with its
    /// documents.id (its `documentID` is left empty): what opening an
    /// index streams into memory without holding all rows at once.
    func forEachParagraph(_ body: (StoredParagraph, Int64) throws(GalleyError) -> Void) throws(GalleyError) {
        let stmt = try prepare("""
            SELECT sequence, document, paragraph, exact_hash, token_count, band_keys, shingles,
                   duplicate_of, similarity, kind
            FROM paragraphs ORDER BY sequence
            """)
        defer { gsql_finalize(stmt) }
        while true {
            let rc = gsql_step(stmt)
            if rc == GSQL_DONE { break }
            guard rc == GSQL_ROW else { throw failure(rc, "reading paragraphs") }
            let sequence = gsql_column_int64(stmt, 0)
            func corrupt(_ what: String) -> GalleyError {
                storage(.corrupt, "is damaged: paragraph with sequence \(sequence) has \(what)")
            }
            guard gsql_column_type(stmt, 0) == GSQL_INTEGER else { throw corrupt("no sequence") }
            guard gsql_column_type(stmt, 1) == GSQL_INTEGER else { throw corrupt("an unknown document") }
            guard let paragraph = Self.int32Column(stmt, 2) else { throw corrupt("a bad paragraph number") }
            guard gsql_column_type(stmt, 3) == GSQL_INTEGER else { throw corrupt("a bad exact hash") }
            guard let tokenCount = Self.int32Column(stmt, 4) else { throw corrupt("a bad token count") }
            guard let bandKeys = Self.bandKeysColumn(stmt, 5) else { throw corrupt("bad band keys") }
            guard let shingles = Self.shinglesColumn(stmt, 6) else { throw corrupt("bad shingles") }
            let duplicateOf: Int64?
            switch gsql_column_type(stmt, 7) {
            case GSQL_NULL: duplicateOf = nil
            case GSQL_INTEGER: duplicateOf = gsql_column_int64(stmt, 7)
            default: throw corrupt("a bad duplicate_of")
            }
            let similarityType = gsql_column_type(stmt, 8)
            guard similarityType == GSQL_FLOAT || similarityType == GSQL_INTEGER else {
                throw corrupt("a bad similarity")
            }
            let kind = gsql_column_int64(stmt, 9)
            guard gsql_column_type(stmt, 9) == GSQL_INTEGER, (0...255).contains(kind) else {
                throw corrupt("a bad kind")
            }
            try body(StoredParagraph(
                sequence: sequence, documentID: "", paragraph: paragraph,
                exactHash: UInt64(bitPattern: gsql_column_int64(stmt, 3)), tokenCount: tokenCount,
                bandKeys: bandKeys, shingles: shingles, duplicateOf: duplicateOf,
                similarity: gsql_column_double(stmt, 8), kind: UInt8(kind)), gsql_column_int64(stmt, 1))
        }
    }

    /// Whether any paragraph of document `id` is stored. Documents are
    /// written in the same transaction as their paragraphs, so after a
    /// crash this is true only for documents with a committed paragraph.
    /// A document split across batches may be partly stored: to resume by
    /// document, end batches at document boundaries.
    func documentExists(_ id: String) throws(GalleyError) -> Bool {
        try documentRow(id) != nil
    }

    // MARK: - Writing

    /// Appends `batch` in one transaction: all of it is stored, or (when
    /// this throws, or the process dies first) none of it.
    ///
    /// Sequences must increase, within the batch and past ``lastSequence``;
    /// shingles must be sorted and unique (as ``StoredParagraph`` says);
    /// similarity must not be NaN. A batch that breaks these throws
    /// `invalidArgument` before anything is written.
    ///
    /// With `documents`, the caller (DedupIndex, which interns document ids
    /// itself) gives each row's documents.id and the new documents to
    /// insert with their ids: then no name is looked up.
    func append(_ batch: [StoredParagraph], journal: Journal? = nil,
                documents: DocumentRows? = nil) throws(GalleyError) {
        if let documents {
            guard documents.rows.count == batch.count else {
                throw .invalidArgument("\(documents.rows.count) document rows for \(batch.count) paragraphs")
            }
        }
        guard !batch.isEmpty || !(journal?.entries.isEmpty ?? true) else { return }
        var last = lastSequence
        for p in batch {
            if let last, p.sequence <= last {
                throw .invalidArgument("sequence \(p.sequence) does not follow \(last) (sequences must increase)")
            }
            guard p.sequence >= 0 else { throw .invalidArgument("sequence \(p.sequence) is negative") }
            guard !p.similarity.isNaN else {
                throw .invalidArgument("paragraph \(p.sequence): similarity is NaN")
            }
            guard ShingleCoding.isStrictlyIncreasing(p.shingles) else {
                throw .invalidArgument("paragraph \(p.sequence): shingles are not sorted and unique")
            }
            last = p.sequence
        }

        if journal != nil { try ensureJournal() }
        try exec("BEGIN IMMEDIATE", "starting a batch")
        var added: [String: Int64] = [:]
        do throws(GalleyError) {
            if let documents {
                for d in documents.new { try addDocument(id: d.id, d.name) }
                for (p, row) in zip(batch, documents.rows) { try insert(p, document: row) }
            } else {
                for p in batch { try insert(p, addedDocuments: &added) }
            }
            if let journal {
                for e in journal.entries { try insertJournal(journal.name, e) }
            }
            try exec("COMMIT", "committing a batch")
        } catch {
            _ = gsql_reset(insertParagraph)
            _ = gsql_reset(insertDocument)
            if let insertDocumentWithID { _ = gsql_reset(insertDocumentWithID) }
            if let insertJournalRow { _ = gsql_reset(insertJournalRow) }
            _ = gsql_exec(db, "ROLLBACK")  // Fails harmlessly if SQLite already rolled back.
            throw error
        }
        documentRows.merge(added) { _, new in new }
        count += batch.count
        lastSequence = last
    }

    private func insert(_ p: StoredParagraph, addedDocuments: inout [String: Int64]) throws(GalleyError) {
        let document: Int64
        if let row = addedDocuments[p.documentID] {
            document = row
        } else if let row = try documentRow(p.documentID) {
            document = row
        } else {
            document = try addDocument(p.documentID)
            addedDocuments[p.documentID] = document
        }
        try insert(p, document: document)
    }

    /// The documents of a batch, as DedupIndex gives them to `append`.
    struct DocumentRows {
        /// documents.id of each paragraph of the batch.
        var rows: [Int64]
        /// Documents to insert first (ids the index chose: past every stored one).
        var new: [(id: Int64, name: String)]
    }

    private var insertDocumentWithID: OpaquePointer? = nil

    private func addDocument(id: Int64, _ name: String) throws(GalleyError) {
        if insertDocumentWithID == nil {
            insertDocumentWithID = try prepare("INSERT INTO documents(id, name) VALUES (?1, ?2)")
        }
        let stmt = insertDocumentWithID
        var rc = gsql_bind_int64(stmt, 1, id)
        rc |= bindText(stmt, 2, name)
        guard rc == GSQL_OK else { throw failure(gsql_extended_errcode(db), "storing a document id") }
        rc = gsql_step(stmt)
        _ = gsql_reset(stmt)
        guard rc == GSQL_DONE else { throw failure(rc, "storing a document id") }
    }

    private func insert(_ p: StoredParagraph, document: Int64) throws(GalleyError) {
        ShingleCoding.encodeBandKeys(p.bandKeys, into: &bandBytes)
        ShingleCoding.encode(p.shingles, into: &shingleBytes)
        let stmt = insertParagraph
        var rc = gsql_bind_int64(stmt, 1, p.sequence)
        rc |= gsql_bind_int64(stmt, 2, document)
        rc |= gsql_bind_int64(stmt, 3, Int64(p.paragraph))
        rc |= gsql_bind_int64(stmt, 4, Int64(bitPattern: p.exactHash))
        rc |= gsql_bind_int64(stmt, 5, Int64(p.tokenCount))
        rc |= bandBytes.withUnsafeBufferPointer { gsql_bind_blob(stmt, 6, $0.baseAddress, $0.count) }
        rc |= shingleBytes.withUnsafeBufferPointer { gsql_bind_blob(stmt, 7, $0.baseAddress, $0.count) }
        if let d = p.duplicateOf { rc |= gsql_bind_int64(stmt, 8, d) } else { rc |= gsql_bind_null(stmt, 8) }
        rc |= gsql_bind_double(stmt, 9, p.similarity)
        rc |= gsql_bind_int64(stmt, 10, Int64(p.kind))
        if rc != GSQL_OK { throw failure(gsql_extended_errcode(db), "storing paragraph \(p.sequence)") }
        rc = gsql_step(stmt)
        _ = gsql_reset(stmt)
        guard rc == GSQL_DONE else { throw failure(rc, "storing paragraph \(p.sequence)") }
    }

    // MARK: - Journal

    /// Input positions a named run has committed, written with its batches.
    struct Journal {
        var name: String
        var entries: [(position: Int64, article: String)]
    }

    private var insertJournalRow: OpaquePointer? = nil

    private func ensureJournal() throws(GalleyError) {
        guard insertJournalRow == nil else { return }
        try exec("CREATE TABLE IF NOT EXISTS journal(name TEXT NOT NULL, position INTEGER NOT NULL, "
                 + "article TEXT NOT NULL, PRIMARY KEY(name, position)) WITHOUT ROWID", "creating the journal")
        insertJournalRow = try prepare("INSERT OR REPLACE INTO journal VALUES (?1, ?2, ?3)")
    }

    private func insertJournal(_ name: String, _ e: (position: Int64, article: String)) throws(GalleyError) {
        let stmt = insertJournalRow
        var rc = bindText(stmt, 1, name)
        rc |= gsql_bind_int64(stmt, 2, e.position)
        rc |= bindText(stmt, 3, e.article)
        if rc != GSQL_OK { throw failure(gsql_extended_errcode(db), "journaling article \(e.position)") }
        rc = gsql_step(stmt)
        _ = gsql_reset(stmt)
        guard rc == GSQL_DONE else { throw failure(rc, "journaling article \(e.position)") }
    }

    /// The committed entries of the run `name`, by position.
    func journalEntries(_ name: String) throws(GalleyError) -> [(position: Int64, article: String)] {
        try ensureJournal()
        let stmt = try prepare("SELECT position, article FROM journal WHERE name = ?1 ORDER BY position")
        defer { gsql_finalize(stmt) }
        guard bindText(stmt, 1, name) == GSQL_OK else { throw failure(gsql_extended_errcode(db), "reading the journal") }
        var out: [(Int64, String)] = []
        while true {
            let rc = gsql_step(stmt)
            if rc == GSQL_DONE { break }
            guard rc == GSQL_ROW else { throw failure(rc, "reading the journal") }
            var n = 0
            let text = gsql_column_text(stmt, 1, &n).map {
                String(decoding: UnsafeBufferPointer(start: $0, count: n), as: UTF8.self)
            } ?? ""
            out.append((gsql_column_int64(stmt, 0), text))
        }
        return out
    }

    /// Forgets the run `name` (a new run of the same name starts).
    func clearJournal(_ name: String) throws(GalleyError) {
        try ensureJournal()
        let stmt = try prepare("DELETE FROM journal WHERE name = ?1")
        defer { gsql_finalize(stmt) }
        guard bindText(stmt, 1, name) == GSQL_OK else { throw failure(gsql_extended_errcode(db), "clearing the journal") }
        let rc = gsql_step(stmt)
        guard rc == GSQL_DONE else { throw failure(rc, "clearing the journal") }
    }

    // MARK: - Documents

    /// documents.id of a committed document, or nil.
    private func documentRow(_ name: String) throws(GalleyError) -> Int64? {
        if let row = documentRows[name] { return row }
        let stmt = findDocument
        var rc = bindText(stmt, 1, name)
        guard rc == GSQL_OK else { throw failure(gsql_extended_errcode(db), "looking up a document") }
        rc = gsql_step(stmt)
        defer { _ = gsql_reset(stmt) }
        switch rc {
        case GSQL_ROW:
            let row = gsql_column_int64(stmt, 0)
            documentRows[name] = row
            return row
        case GSQL_DONE:
            return nil
        default:
            throw failure(rc, "looking up a document")
        }
    }

    private func addDocument(_ name: String) throws(GalleyError) -> Int64 {
        let stmt = insertDocument
        var rc = bindText(stmt, 1, name)
        guard rc == GSQL_OK else { throw failure(gsql_extended_errcode(db), "storing a document id") }
        rc = gsql_step(stmt)
        defer { _ = gsql_reset(stmt) }
        guard rc == GSQL_ROW else { throw failure(rc, "storing a document id") }
        return gsql_column_int64(stmt, 0)
    }

    private func documentNames() throws(GalleyError) -> [Int64: String] {
        let stmt = try prepare("SELECT id, name FROM documents")
        defer { gsql_finalize(stmt) }
        var names: [Int64: String] = [:]
        while true {
            let rc = gsql_step(stmt)
            if rc == GSQL_DONE { return names }
            guard rc == GSQL_ROW else { throw failure(rc, "reading document ids") }
            var len = 0
            let text = gsql_column_text(stmt, 1, &len)
            names[gsql_column_int64(stmt, 0)] =
                String(decoding: UnsafeBufferPointer(start: text, count: text == nil ? 0 : len), as: UTF8.self)
        }
    }

    // MARK: - Opening

    private func open(file: String?) throws(GalleyError) {
        // Hold the file's lock for the store's lifetime; with WAL this also
        // keeps the WAL index in process memory (no -shm file).
        try exec("PRAGMA locking_mode=EXCLUSIVE", "setting the locking mode")
        // The first statement that reads the file: SQLITE_NOTADB here means
        // the file is not SQLite at all.
        let application = try pragma("application_id")
        let version = try pragma("user_version")
        var fresh = false
        if application == 0 && version == 0 { fresh = try tableCount() == 0 }
        if fresh {
            try create()
        } else if application != Self.applicationID {
            throw notAnIndex("application_id is 0x\(String(UInt32(bitPattern: application), radix: 16)), "
                + "not 0x\(String(UInt32(bitPattern: Self.applicationID), radix: 16))")
        } else if version > Self.schemaVersion {
            throw storage(.notAnIndex, "has schema version \(version), newer than schema version \(Self.schemaVersion), "
                + "the newest this Galley reads; open it with a newer Galley")
        } else if version < 1 {
            throw notAnIndex("schema version is \(version)")
        }
        if !fresh, let file {
            // SQLite reads a missing end of the last page as zeros, which
            // could pass for data: a file that is not whole pages was cut
            // short. (Unless a WAL is present, whose recovery rewrites pages.)
            let pageSize = Int(try pragma("page_size"))
            if let size = fileSize(file), pageSize > 0, size % pageSize != 0,
               (fileSize(file + "-wal") ?? 0) == 0 {
                throw storage(.corrupt, "is damaged (\(size) bytes is not a whole number of \(pageSize)-byte pages; "
                    + "was it cut short?)")
            }
        }
        // WAL: a commit appends the batch to the -wal file, so a crash loses
        // at most the transaction in flight. FULL syncs the WAL at each
        // commit (one fsync per batch), so committed batches also survive a
        // power loss; NORMAL would survive only a process crash.
        try exec("PRAGMA journal_mode=WAL", "choosing WAL")
        try exec("PRAGMA synchronous=FULL", "setting synchronous")
        // Truncate the WAL after checkpoints when a huge batch grew it.
        try exec("PRAGMA journal_size_limit=67108864", "limiting the WAL")

        insertParagraph = try prepare("INSERT INTO paragraphs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
        insertDocument = try prepare("INSERT INTO documents(name) VALUES (?1) RETURNING id")
        findDocument = try prepare("SELECT id FROM documents WHERE name = ?1")

        // count(*) walks every page of the table: a truncated file shows here.
        let stmt = try prepare("SELECT count(*), max(sequence) FROM paragraphs")
        defer { gsql_finalize(stmt) }
        let rc = gsql_step(stmt)
        guard rc == GSQL_ROW else { throw failure(rc, "counting paragraphs") }
        count = Int(gsql_column_int64(stmt, 0))
        lastSequence = gsql_column_type(stmt, 1) == GSQL_NULL ? nil : gsql_column_int64(stmt, 1)
    }

    private func create() throws(GalleyError) {
        // WAL must be chosen outside a transaction.
        try exec("PRAGMA journal_mode=WAL", "choosing WAL")
        try exec("""
            BEGIN IMMEDIATE;
            PRAGMA application_id=\(Self.applicationID);
            PRAGMA user_version=\(Self.schemaVersion);
            CREATE TABLE documents(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
            CREATE TABLE paragraphs(
              sequence INTEGER PRIMARY KEY,
              document INTEGER NOT NULL,
              paragraph INTEGER NOT NULL,
              exact_hash INTEGER NOT NULL,
              token_count INTEGER NOT NULL,
              band_keys BLOB NOT NULL,
              shingles BLOB NOT NULL,
              duplicate_of INTEGER,
              similarity REAL NOT NULL,
              kind INTEGER NOT NULL);
            COMMIT;
            """, "creating the index")
    }


    private func tableCount() throws(GalleyError) -> Int64 {
        let stmt = try prepare("SELECT count(*) FROM sqlite_schema")
        defer { gsql_finalize(stmt) }
        let rc = gsql_step(stmt)
        guard rc == GSQL_ROW else { throw failure(rc, "reading the schema") }
        return gsql_column_int64(stmt, 0)
    }

    private func pragma(_ name: String) throws(GalleyError) -> Int32 {
        let stmt = try prepare("PRAGMA \(name)")
        defer { gsql_finalize(stmt) }
        let rc = gsql_step(stmt)
        guard rc == GSQL_ROW else { throw failure(rc, "reading \(name)") }
        return Int32(truncatingIfNeeded: gsql_column_int64(stmt, 0))
    }

    // MARK: - SQLite calls and errors

    private func exec(_ sql: String, _ context: String) throws(GalleyError) {
        let rc = gsql_exec(db, sql)
        guard rc == GSQL_OK else { throw failure(rc, context) }
    }

    private func prepare(_ sql: String) throws(GalleyError) -> OpaquePointer {
        var stmt: OpaquePointer? = nil
        let rc = gsql_prepare(db, sql, &stmt)
        guard rc == GSQL_OK, let stmt else {
            // "no such table" and the like: a Galley application id on a
            // file without Galley's tables.
            if rc & 0xFF == GSQL_ERROR { throw notAnIndex(String(cString: gsql_errmsg(db))) }
            throw failure(rc, "preparing a query")
        }
        return stmt
    }

    private func bindText(_ stmt: OpaquePointer?, _ index: Int32, _ text: String) -> Int32 {
        var text = text
        return text.withUTF8 { gsql_bind_text(stmt, index, $0.baseAddress, $0.count) }
    }

    private var displayName: String { path.map { "'\($0)'" } ?? "(in memory)" }

    /// A storage failure whose message names the file.
    private func storage(_ kind: StorageFailure, _ what: String) -> GalleyError {
        .storage(kind, path: path, message: "index \(displayName) \(what)")
    }

    private func notAnIndex(_ why: String) -> GalleyError {
        storage(.notAnIndex, "is not a Galley index (\(why))")
    }

    /// The one place SQLite failures become GalleyErrors.
    private func failure(_ rc: Int32, _ context: String) -> GalleyError {
        let message = String(cString: gsql_errmsg(db))
        switch rc & 0xFF {
        case GSQL_NOMEM: return .outOfMemory
        case GSQL_NOTADB: return notAnIndex(message)
        case GSQL_CORRUPT: return storage(.corrupt, "is damaged (\(message)) while \(context)")
        case GSQL_BUSY, GSQL_LOCKED:
            return storage(.busy, "is in use by another index store (\(message))")
        case GSQL_READONLY, GSQL_PERM:
            return storage(.readOnly, "cannot be written (\(message)) while \(context)")
        case GSQL_FULL:
            return storage(.full, "cannot grow: the disk or the file size limit is full (\(message)) "
                + "while \(context); the batch was rolled back")
        case GSQL_IOERR where [ENOSPC, EFBIG, EDQUOT].contains(gsql_system_errno(db)):
            // A write that failed outright (SQLite says SQLITE_FULL only for
            // a short write): the disk, the quota or the file size limit.
            return storage(.full, "cannot grow: the disk or the file size limit is full (\(message)) "
                + "while \(context); the batch was rolled back")
        case GSQL_IOERR where rc == GSQL_IOERR_SHORT_READ:
            return storage(.corrupt, "is cut short (\(message)) while \(context)")
        default:
            return storage(.io, "failed while \(context): \(message) (SQLite result code \(rc))")
        }
    }

    // MARK: - Columns

    private static func int32Column(_ stmt: OpaquePointer?, _ column: Int32) -> Int32? {
        guard gsql_column_type(stmt, column) == GSQL_INTEGER else { return nil }
        return Int32(exactly: gsql_column_int64(stmt, column))
    }

    private static func blobColumn(_ stmt: OpaquePointer?, _ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard gsql_column_type(stmt, column) == GSQL_BLOB else { return nil }
        var len = 0
        let bytes = gsql_column_blob(stmt, column, &len)
        return UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : len)
    }

    private static func bandKeysColumn(_ stmt: OpaquePointer?, _ column: Int32) -> [UInt32]? {
        guard let bytes = blobColumn(stmt, column) else { return nil }
        return ShingleCoding.decodeBandKeys(bytes)
    }

    private static func shinglesColumn(_ stmt: OpaquePointer?, _ column: Int32) -> [UInt16]? {
        guard let bytes = blobColumn(stmt, column) else { return nil }
        return ShingleCoding.decode(bytes)
    }
}

/// The BLOB formats of the index.
///
/// Band keys: each key as 4 bytes, little-endian.
///
/// Shingles (sorted, unique 16-bit values): the count as a LEB128 varint,
/// then the gaps (the first value, then each value minus the previous one
/// minus 1) Rice-coded with parameter k = floor(log2(65536 / count)): the
/// gap's high part (gap >> k) in unary as that many 0 bits and a 1 bit, then
/// its k low bits, least significant first; bits fill each byte from its
/// least significant bit, and the last byte is padded with 0 bits. For n
/// uniformly spread fingerprints that is about k + 2 bits each (80 shingles:
/// about 117 bytes against 160 raw or ~160 as delta varints), close to
/// log2(C(65536, n)), the least any code can use.
enum ShingleCoding {
    static func isStrictlyIncreasing(_ values: [UInt16]) -> Bool {
        var previous = -1
        for v in values {
            guard Int(v) > previous else { return false }
            previous = Int(v)
        }
        return true
    }

    /// The Rice parameter for `count` values (1 ... 65536).
    @inline(__always)
    static func riceParameter(_ count: Int) -> Int {
        let mean = 65536 / count
        return Int.bitWidth - 1 - mean.leadingZeroBitCount
    }

    static func encodeBandKeys(_ keys: [UInt32], into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        for key in keys {
            out.append(UInt8(truncatingIfNeeded: key))
            out.append(UInt8(truncatingIfNeeded: key >> 8))
            out.append(UInt8(truncatingIfNeeded: key >> 16))
            out.append(UInt8(truncatingIfNeeded: key >> 24))
        }
    }

    static func decodeBandKeys(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt32]? {
        guard bytes.count % 4 == 0 else { return nil }
        return (0..<bytes.count / 4).map { i in
            UInt32(bytes[4 * i]) | UInt32(bytes[4 * i + 1]) << 8
                | UInt32(bytes[4 * i + 2]) << 16 | UInt32(bytes[4 * i + 3]) << 24
        }
    }

    /// Encodes sorted, unique values (the caller checks).
    static func encode(_ values: [UInt16], into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var n = values.count
        repeat {
            out.append(UInt8(n & 0x7F) | (n > 0x7F ? 0x80 : 0))
            n >>= 7
        } while n > 0
        guard !values.isEmpty else { return }
        let k = riceParameter(values.count)
        let mask = (1 << k) - 1
        var acc: UInt64 = 0
        var bits = 0
        var previous = -1
        for v in values {
            let gap = Int(v) - previous - 1
            previous = Int(v)
            var q = gap >> k
            while q > 0 {  // q zero bits
                let t = Swift.min(q, 32)
                bits += t
                q -= t
                while bits >= 8 { out.append(UInt8(truncatingIfNeeded: acc)); acc >>= 8; bits -= 8 }
            }
            acc |= (1 | UInt64(gap & mask) << 1) << UInt64(bits)
            bits += 1 + k
            while bits >= 8 { out.append(UInt8(truncatingIfNeeded: acc)); acc >>= 8; bits -= 8 }
        }
        if bits > 0 { out.append(UInt8(truncatingIfNeeded: acc)) }
    }

    /// Decodes `encode`'s format; nil for anything else (wrong count,
    /// values past 65535, trailing bytes or set padding bits).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt16]? {
        var pos = 0
        var n = 0
        var shift = 0
        while true {
            guard pos < bytes.count, shift <= 14 else { return nil }
            let b = bytes[pos]
            pos += 1
            n |= Int(b & 0x7F) << shift
            shift += 7
            if b & 0x80 == 0 { break }
        }
        guard n <= 65536 else { return nil }
        if n == 0 { return pos == bytes.count ? [] : nil }
        let k = riceParameter(n)
        let mask = UInt64(1) << UInt64(k) - 1
        var values: [UInt16] = []
        values.reserveCapacity(n)
        var acc: UInt64 = 0
        var avail = 0
        var previous = -1
        for _ in 0..<n {
            var q = 0
            while true {
                while avail <= 56 && pos < bytes.count {
                    acc |= UInt64(bytes[pos]) << UInt64(avail)
                    avail += 8
                    pos += 1
                }
                guard avail > 0 else { return nil }
                let zeros = acc.trailingZeroBitCount
                if zeros < avail {
                    q += zeros
                    acc = (acc >> UInt64(zeros)) >> 1
                    avail -= zeros + 1
                    break
                }
                q += avail
                acc = 0
                avail = 0
                guard q <= 65535 else { return nil }
            }
            while avail < k && pos < bytes.count {
                acc |= UInt64(bytes[pos]) << UInt64(avail)
                avail += 8
                pos += 1
            }
            guard avail >= k, q <= 65535 else { return nil }
            let value = previous + 1 + (q << k | Int(acc & mask))
            acc >>= UInt64(k)
            avail -= k
            guard value <= 65535 else { return nil }
            values.append(UInt16(value))
            previous = value
        }
        guard pos == bytes.count, avail < 8, acc == 0 else { return nil }
        return values
    }
}

/// The size of the file at `path`, or nil when it cannot be stat'ed.
package func fileSize(_ path: String) -> Int? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return Int(info.st_size)
}
