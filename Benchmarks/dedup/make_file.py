#!/usr/bin/env python3
"""A file index of N synthetic paragraphs (growth.py's source) in minutes: add_batch
of 2,000 articles of 5 paragraphs per transaction (growth_c --file commits every
call, an fsync each). The reopen measurement's seed file; replicate_file.py
makes 1M and 10M from it.

    GALLEY_LIBRARY=build/libgalley.so PYTHONPATH=bindings/python \\
      python3 Benchmarks/dedup/make_file.py /tmp/g100k.db 100000
"""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import galley  # noqa: E402
import growth  # noqa: E402

path, n = sys.argv[1], int(sys.argv[2])
src = growth.synthetic()
index = galley.DedupIndex(path)
start = time.time()
for c in range(0, n, 10000):
    index.add_batch([(f"a{c + k}", [next(src) for _ in range(5)]) for k in range(0, min(10000, n - c), 5)])
index.close()
print(f"{n} paragraphs in {time.time() - start:.1f} s")
