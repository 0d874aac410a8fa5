#!/usr/bin/env python3
"""CPU time of galley.dask.dedup's stages alone: every task in this one
process (Dask's synchronous scheduler, so no serialization, transfer or
scheduler cost), on the corpus bench_dask.py last wrote
(Benchmarks/dask/build/docs.json), in K partitions.

    GALLEY_LIBRARY=build/libgalley.so PYTHONPATH=bindings/python \\
      nice .venv/bin/python Benchmarks/dask/sync_cpu.py [K]
"""
import json
import os
import sys
import time

import dask
import dask.dataframe as dd
import pandas as pd

import galley.dask as gd

HERE = os.path.dirname(os.path.abspath(__file__))
docs = json.load(open(os.path.join(HERE, "build", "docs.json")))
k = int(sys.argv[1]) if len(sys.argv) > 1 else 8
frame = dd.from_pandas(pd.DataFrame(docs, columns=["id", "text"]), npartitions=k).persist(scheduler="sync")
with dask.config.set(scheduler="sync"):
    t = time.process_time()
    out = gd.dedup(frame).compute()
    print(f"{len(out)} paragraphs, {k} partitions: {time.process_time() - t:.2f} s CPU")
