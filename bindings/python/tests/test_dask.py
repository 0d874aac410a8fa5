"""galley.dask on a LocalCluster of 2 worker processes: the distributed
deduplication gives exactly what one DedupIndex gives over the same input in
the same order, also when a worker dies mid-run. Skipped (with the reason)
where Dask is not installed; ./scripts/test.sh installs it."""

import logging
import os
import random
import tempfile

import pytest

dd = pytest.importorskip("dask.dataframe", reason="Dask is not installed (pip install './bindings/python[dask]')")
distributed = pytest.importorskip("dask.distributed", reason="dask.distributed is not installed")
import pandas as pd  # noqa: E402

import galley  # noqa: E402
import galley.dask  # noqa: E402

WORDS = ("council budget bridge river minister vote market school rain report city police energy price court "
         "plan road hospital union strike water farm station museum election tax port").split()


def corpus(paragraphs, seed=7):
    """Articles of 2-6 paragraphs, about a quarter of them injected copies of
    earlier paragraphs: exact, near (a word or two changed) and contained
    (words appended or a tail cut)."""
    rng = random.Random(seed)
    docs, pool, count = [], [], 0
    while count < paragraphs:
        ps = []
        for _ in range(rng.randint(2, 6)):
            r = rng.random()
            if pool and r < 0.08:
                ps.append(rng.choice(pool))
            elif pool and r < 0.18:
                w = rng.choice(pool).split()
                for _ in range(rng.randint(1, 2)):
                    w[rng.randrange(len(w))] = rng.choice(WORDS)
                ps.append(" ".join(w))
            elif pool and r < 0.24:
                p = rng.choice(pool)
                ps.append(p[:-1] + " and then " + " ".join(rng.choice(WORDS) for _ in range(4)) + "."
                          if rng.random() < 0.5 else " ".join(p.split()[: max(6, len(p.split()) * 3 // 4)]))
            else:
                ps.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 40))).capitalize() + ".")
            pool.append(ps[-1])
        docs.append((f"d{len(docs)}", "\n\n".join(ps)))
        count += len(ps)
    return docs


@pytest.fixture(scope="module")
def client():
    logging.getLogger("distributed").setLevel(logging.ERROR)
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       silence_logs=logging.ERROR)
    c = distributed.Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


def single_machine(docs, **options):
    index = galley.DedupIndex(**options)
    results = index.add_batch([(i, [s.text for s in galley.paragraphs(t)]) for i, t in docs])
    return index, [None if m is None else (m.doc_id, m.paragraph, m.similarity, m.kind) for m in results]


def distributed_result(out):
    return [None if r.kept else (r.duplicate_id, r.duplicate_paragraph, r.similarity, r.kind)
            for r in out.itertuples()]


def test_identical_to_the_single_machine_index(client):
    docs = corpus(20_000)
    index, want = single_machine(docs)
    assert len(want) >= 20_000
    kinds = {w[3] for w in want if w}
    assert kinds == {"exact", "near", "contained"}, kinds
    frame = dd.from_pandas(pd.DataFrame(docs, columns=["id", "text"]), npartitions=12)
    out = galley.dask.dedup(frame).compute().sort_index()
    assert list(out.index) == list(range(len(want)))
    assert distributed_result(out) == want
    assert list(zip(out["id"], out["paragraph"])) == [(i, k) for i, t in docs for k in range(len(galley.paragraphs(t)))]
    # Clusters: each kept paragraph with everything that duplicates it, as the index groups them.
    groups = {}
    for seq, cluster in zip(out.index, out["cluster"]):
        groups.setdefault(cluster, []).append((out.at[seq, "id"], int(out.at[seq, "paragraph"])))
    assert sorted(g for g in groups.values() if len(g) > 1) == sorted(index.clusters())


def test_other_options_and_paragraph_rows(client):
    docs = corpus(3000, seed=3)
    _, want = single_machine(docs, threshold=0.7, containment=None, n=3)
    frame = dd.from_pandas(pd.DataFrame(docs, columns=["doc", "body"]), npartitions=5)
    out = galley.dask.dedup(frame, text="body", id="doc", threshold=0.7, containment=None, n=3,
                            clusters=False).compute().sort_index()
    assert distributed_result(out) == want
    # One paragraph per row, split=False: the same paragraphs, the same answer.
    rows = [(i, s.text) for i, t in docs for s in galley.paragraphs(t)]
    per_paragraph = dd.from_pandas(pd.DataFrame(rows, columns=["doc", "body"]), npartitions=7)
    again = galley.dask.dedup(per_paragraph, text="body", id="doc", threshold=0.7, containment=None, n=3,
                              split=False, clusters=False).compute().sort_index()
    # Every row is paragraph 0 of its row now; the rest is the same.
    def without_paragraph(results):
        return [None if r is None else (r[0], r[2], r[3]) for r in results]

    assert without_paragraph(distributed_result(again)) == without_paragraph(want)


def _crash_once(part, marker):
    # The first worker to run this dies (as a killed process would); the
    # scheduler reruns its tasks elsewhere.
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return part
    os.close(fd)
    os._exit(1)


def test_a_dead_worker_changes_nothing(client):
    docs = corpus(4000, seed=11)
    _, want = single_machine(docs)
    with tempfile.TemporaryDirectory() as tmp:
        marker = os.path.join(tmp, "crashed")
        frame = dd.from_pandas(pd.DataFrame(docs, columns=["id", "text"]), npartitions=6)
        frame = frame.map_partitions(_crash_once, marker, meta=frame._meta)
        out = galley.dask.dedup(frame, clusters=False).compute().sort_index()
        assert os.path.exists(marker), "no worker died; the test proves nothing"
    assert distributed_result(out) == want


def test_process_maps_the_pipeline(client):
    rows = [("a", "Title\n\nIt rained.But not for long.\n\nRead also:\n- [Floods](https://x.org/f?utm_source=a)", None),
            ("b", "Київ відкрив нову станцію метро. Пасажири раді.", None),
            ("c", "A text with a malformed language tag.", "e n")]
    frame = dd.from_pandas(pd.DataFrame(rows, columns=["id", "text", "lang"]), npartitions=2)
    out = galley.dask.process(frame, lang="lang").compute().set_index("id")
    assert out.loc["a", "lang"] == "en" and out.loc["a", "sentences"] == 3 and out.loc["a", "related"] == 1
    assert out.loc["b", "lang"] == "uk" and out.loc["b", "error"] is None
    assert "BCP 47" in out.loc["c", "error"] and out.loc["c", "record"] is None


def test_bad_options_fail_before_any_task(client):
    frame = dd.from_pandas(pd.DataFrame([("a", "x")], columns=["id", "text"]), npartitions=1)
    with pytest.raises(ValueError):
        galley.dask.dedup(frame, shingle="sentences")
