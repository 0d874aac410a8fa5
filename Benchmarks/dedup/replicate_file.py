#!/usr/bin/env python3
"""A large file index for the reopen measurement, in minutes (issue 11).

Building a 10M-paragraph file through add() costs hours of this machine;
opening one is what is measured. This copies a file index (e.g. the 1M
file growth_c.c leaves) into OUT, then appends --copies - 1 more copies of
its paragraphs with the sequences, documents (names get "~k") and
duplicate_of shifted past the rows already there and the exact hashes
offset by the copy number (so no copy is an exact repeat of another: each
is a kept paragraph with its own shingles and LSH entries, as in a real
index). Band keys and shingles are copied as they are: what reopening reads,
decodes and builds per row is the same as for new text; only the LSH
buckets hold each key `copies` times (which costs reopening nothing more).

    replicate_file.py --source /tmp/g1m.db --out /tmp/g10m.db --copies 10
"""
import argparse
import shutil
import sqlite3
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--copies", type=int, default=10)
    a = ap.parse_args()
    t0 = time.time()
    shutil.copyfile(a.source, a.out)
    db = sqlite3.connect(a.out)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    n = db.execute("SELECT max(sequence) + 1 FROM paragraphs").fetchone()[0]
    d = db.execute("SELECT max(id) FROM documents").fetchone()[0]
    for k in range(1, a.copies):
        db.execute("INSERT INTO documents(id, name) SELECT id + ?1, name || '~' || ?2 FROM documents WHERE id <= ?3",
                   (k * d, k, d))
        db.execute("""
            INSERT INTO paragraphs(sequence, document, paragraph, exact_hash, token_count, band_keys, shingles,
                                   duplicate_of, similarity, kind)
            SELECT sequence + ?1, document + ?2, paragraph,
                   CASE WHEN exact_hash > 0 THEN exact_hash - ?3 ELSE exact_hash + ?3 END,
                   token_count, band_keys, shingles,
                   CASE WHEN duplicate_of IS NULL THEN NULL ELSE duplicate_of + ?1 END, similarity, kind
            FROM paragraphs WHERE sequence < ?4 ORDER BY sequence""", (k * n, k * d, k, n))
        db.commit()
        print(f"copy {k}: {(k + 1) * n} paragraphs, {time.time() - t0:.0f} s", flush=True)
    db.close()


if __name__ == "__main__":
    main()
