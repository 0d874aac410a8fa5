#!/usr/bin/env python3
"""One line of CPU µs per document for galley.sentences, galley.sentences_many and
sentencex on bench_docs.py's documents (median of 9), for comparing two builds
in alternating processes:

    GALLEY_LIBRARY=/path/to/main/build/libgalley.so PYTHONPATH=/path/to/main/bindings/python \\
        Benchmarks/.venv/bin/python Benchmarks/docs_before_after.py main
    GALLEY_LIBRARY=build/libgalley.so PYTHONPATH=bindings/python \\
        Benchmarks/.venv/bin/python Benchmarks/docs_before_after.py branch
"""
import sys, time
sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
import galley, sentencex
from bench_docs import load_docs
docs = load_docs(300)
C = time.process_time
def med(f, n=9):
    f(); ts = []
    for _ in range(n):
        a = C(); f(); ts.append(C() - a)
    return sorted(ts)[n // 2] / len(docs) * 1e6
g = med(lambda: [galley.sentences(d, "en") for d in docs])
m = med(lambda: galley.sentences_many(docs, "en"))
x = med(lambda: [list(sentencex.segment("en", d)) for d in docs])
print(f"{sys.argv[1]}: sentences {g:.0f} us/doc ({x/g:.2f}x), sentences_many {m:.0f} ({x/m:.2f}x), sentencex {x:.0f}")
