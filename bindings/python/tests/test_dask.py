"""galley.dask on a LocalCluster of 2 worker processes: the distributed
deduplication gives exactly what one DedupIndex gives over the same input in
the same order, also when a worker dies mid-run. Skipped (with the reason)
where Dask is not installed; ./scripts/test.sh installs it."""

import json
import logging
import os
import random
import subprocess
import sys
import tempfile

import pytest

dd = pytest.importorskip("dask.dataframe", reason="Dask is not installed (pip install './bindings/python[dask]')")
distributed = pytest.importorskip("dask.distributed", reason="dask.distributed is not installed")
import dask  # noqa: E402
import pandas as pd  # noqa: E402
import numpy as np  # noqa: E402

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
    return index, [None if m is None else (m.id, m.paragraph, m.similarity, m.kind) for m in results]


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
    result = galley.dask.dedup(frame)
    # In input order without a sort: one partition per input partition, known divisions.
    assert result.known_divisions and result.npartitions == 12
    out = result.compute()
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


def flood_corpus(count, seed=5):
    """Issue 12's bucket flood: paragraphs sharing one long text, a few words
    apart (J ~ 0.76: candidates of each other, never duplicates), among
    exact copies of them (which hold no place in DedupIndex's buckets), short
    paragraphs (below the minimum tokens: they hold a place, are never
    verified), near copies of early ones, and copies that differ only in
    punctuation (exact for the index, other character shingles)."""
    rng = random.Random(seed)
    common = " ".join(f"w{k}" for k in range(60))
    made, docs = [], []
    for i in range(count):
        r = rng.random()
        if made and r < 0.1:
            p = rng.choice(made)
        elif made and r < 0.15:
            p = rng.choice(made).replace(" w30 ", ", w30; ")
        elif made and r < 0.22:
            w = rng.choice(made[:20]).split()
            w[-2] = "changed"
            p = " ".join(w)
        elif r < 0.3:
            p = f"w{rng.randrange(3)} w1" if rng.random() < 0.5 else "w0"
        elif r < 0.4:
            # Templated near copies of each other (J = 0.89 for every pair):
            # each matches the earliest of those it is verified against.
            p = "the same long templated paragraph about the bridge and the river with many words in it number %d" % i
        else:
            p = common + " " + " ".join(f"u{i}_{k}" for k in range(10))
        made.append(p)
        if i % 3 == 0:
            docs.append((f"f{len(docs)}", []))
        docs[-1][1].append(p)
    return [(d, "\n\n".join(ps)) for d, ps in docs]


@pytest.mark.parametrize("limit", [3, 0, galley.dask.CANDIDATES_PER_BUCKET])
@pytest.mark.parametrize("shingle,n", [("words", 5), ("characters", 5)])
def test_a_bucket_flood_is_bounded_as_the_index_bounds_it(client, limit, shingle, n):
    docs = flood_corpus(900)
    _, want = single_machine(docs, candidates_per_bucket=limit, shingle=shingle, n=n)
    _, unbounded = single_machine(docs, candidates_per_bucket=0, shingle=shingle, n=n)
    if limit == 3:
        assert want != unbounded    # the bound is what is tested: it changes some result here
    frame = dd.from_pandas(pd.DataFrame(docs, columns=["id", "text"]), npartitions=7)
    out = galley.dask.dedup(frame, candidates_per_bucket=limit, shingle=shingle, n=n, clusters=False).compute()
    assert distributed_result(out) == want


def test_candidates_per_bucket_is_checked_before_any_task_runs(client):
    frame = dd.from_pandas(pd.DataFrame([("a", "x")], columns=["id", "text"]), npartitions=1)
    for bad in (-1, 2 ** 31, 1.5):
        with pytest.raises(ValueError):
            galley.dask.dedup(frame, candidates_per_bucket=bad)


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


def test_dedup_parquet_round_trip(client, tmp_path):
    # The README's example as written: to_parquet, then read back in input order.
    docs = corpus(5000, seed=5)
    _, want = single_machine(docs)
    frame = dd.from_pandas(pd.DataFrame(docs, columns=["id", "text"]), npartitions=6)
    frame.to_parquet(tmp_path / "articles")
    result = galley.dask.dedup(dd.read_parquet(tmp_path / "articles"), threshold=0.8)
    result.to_parquet(tmp_path / "duplicates")
    back = dd.read_parquet(tmp_path / "duplicates", calculate_divisions=True)
    assert back.known_divisions and back.index.name == "seq"
    out = back.compute()
    assert list(out.index) == list(range(len(want)))
    assert distributed_result(out) == want
    for column in ("id", "duplicate_id", "kind"):
        assert isinstance(out[column].dtype, pd.StringDtype), (column, out[column].dtype)
    assert out["kind"].tolist() == ["" if w is None else w[3] for w in want]
    assert out["duplicate_id"].isna().tolist() == [w is None for w in want]


def reference_records(rows):
    """The records of one DedupIndex fed the articles in order: libgalley's
    galley_process with that index (the CLI's record, byte offsets)."""
    index = galley.DedupIndex()
    return [json.loads(galley.dask._process_record(t, u, l, i, index)) for i, t, u, l in rows]


def articles(count, seed):
    """Articles with URLs, languages (some missing, one malformed), related
    blocks, and paragraphs copied across articles exactly and nearly."""
    rng = random.Random(seed)
    docs = corpus(count * 4, seed=seed)[:count]
    rows = []
    for k, (i, text) in enumerate(docs):
        url = None if k % 5 == 0 else f"https://news.example.com/{k}/story"
        lang = None if k % 3 else "en"
        if k % 7 == 3:
            text += "\n\nRead also:\n- [Floods](/floods?utm_source=rss)\n- Budget vote delayed"
        if k and k % 11 == 0:
            text = rows[rng.randrange(k)][1].replace("council", "Council") + "\n\nIt rained.But not for long."
        rows.append((i, text, url, lang))
    rows.append(("bad-lang", "A text with a malformed language tag.", None, "e n"))
    rows.append(("empty", "", None, None))
    return rows


def test_process_gives_the_cli_records_through_parquet(client, tmp_path):
    rows = articles(400, seed=13)
    want = reference_records(rows)
    assert any(p["duplicate"] and p["duplicate"]["id"] != r["id"] for r in want for p in r.get("paragraphs", ()))
    assert any(p["duplicate"] and p["duplicate"]["kind"] == "near" for r in want for p in r.get("paragraphs", ()))
    frame = dd.from_pandas(pd.DataFrame(rows, columns=["id", "text", "url", "lang"]), npartitions=5)
    frame.to_parquet(tmp_path / "articles")
    records = galley.dask.process(dd.read_parquet(tmp_path / "articles"))  # url and lang by default
    records.to_parquet(tmp_path / "records")
    out = dd.read_parquet(tmp_path / "records").compute()
    assert out["id"].tolist() == [r[0] for r in rows]
    got = [json.loads(r) for r in out["record"]]
    for g, w in zip(got, want):
        assert g == w, (g["id"], g, w)
    assert got[-2]["error"] and "BCP 47" in out["error"].iloc[-2] and pd.isna(out["lang"].iloc[-2])
    assert out["duplicates"].tolist() == [r.get("counts", {}).get("duplicates", 0) for r in want]
    assert out["lang_detected"].tolist()[:3] == [False, True, True]
    for column in ("id", "url", "lang", "record", "error"):
        assert isinstance(out[column].dtype, pd.StringDtype), (column, out[column].dtype)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    # GALLEY_CLI, or the newest SwiftPM build of the command (an older
    # release build beside a fresh debug one would compare stale records).
    built = [p for p in (os.path.join(root, ".build", kind, "galley") for kind in ("release", "debug"))
             if os.path.exists(p)]
    cli = os.environ.get("GALLEY_CLI") or max(built, key=os.path.getmtime, default=None)
    if cli:  # the CLI itself, when built: the same records, line for line
        lines = "".join(json.dumps({"id": i, "text": t, "url": u, "lang": l}) + "\n" for i, t, u, l in rows)
        run = subprocess.run([cli, "process", "-", "--no-index", "--quiet"], input=lines.encode(),
                             capture_output=True)
        written = [json.loads(x) for x in run.stdout.decode().splitlines()]
        assert len(written) == len(got)
        for g, w in zip(got, written):
            if "error" in w:
                assert g["error"] == w["error"]
            else:
                assert g == w, (g["id"], g, w)


def test_process_within_articles_only(client):
    rows = [("a", "Title\n\nIt rained.But not for long.\n\nRead also:\n- [Floods](https://x.org/f?utm_source=a)",
             "https://x.org/news/a", None),
            ("b", "Київ відкрив нову станцію метро. Пасажири раді.", None, None),
            ("c", "It rained.But not for long.\n\nIt rained.But not for long.", None, "en")]
    frame = dd.from_pandas(pd.DataFrame(rows, columns=["id", "text", "url", "lang"]), npartitions=2)
    out = galley.dask.process(frame, dedup=False).compute().set_index("id")
    for i, text, url, lang in rows:
        a = galley.process(text, url=url, lang=lang, id=i)
        r = json.loads(out.loc[i, "record"])
        assert (r["lang"], r["lang_detected"], r["url"]) == (a.lang, a.lang_detected, a.url)
        assert [p["text"] for p in r["paragraphs"]] == [p.text for p in a.paragraphs]
        assert [p["duplicate"] and p["duplicate"]["kind"] for p in r["paragraphs"]] == \
            [p.duplicate and p.duplicate.kind for p in a.paragraphs]
        assert [x["canonical_url"] for x in r["related"]] == [x.canonical_url for x in a.related]
    assert out.loc["a", "sentences"] == 3 and out.loc["a", "related"] == 1 and out.loc["a", "url"] == "https://x.org/news/a"
    assert out.loc["c", "duplicates"] == 1 and pd.isna(out.loc["b", "error"])
    # "a" repeats none of "c": no search across articles without dedup.
    assert json.loads(out.loc["c", "record"])["paragraphs"][0]["duplicate"] is None


def test_process_columns_can_be_ignored_or_renamed(client):
    rows = [("a", "https://x.org/a/b", "Read also:\n- [Next](../c)")]
    frame = dd.from_pandas(pd.DataFrame(rows, columns=["key", "link", "body"]), npartitions=1)
    out = galley.dask.process(frame, text="body", id="key", url="link").compute()
    assert json.loads(out["record"].iloc[0])["related"][0]["canonical_url"] == "https://x.org/c"
    with pytest.raises(KeyError):
        galley.dask.process(frame, text="body", id="key", url="address")
    with_url = dd.from_pandas(pd.DataFrame([("a", "Text.", "https://x.org/")], columns=["id", "text", "url"]),
                              npartitions=1)
    assert pd.isna(galley.dask.process(with_url, url=None).compute()["url"].iloc[0])


def test_ties_and_preferences_follow_the_index(client):
    # Handmade: a near match beats a contained one with a higher score; equal
    # scores go to the earlier paragraph; an exact copy goes to the first occurrence.
    base = " ".join(f"w{k}" for k in range(40))
    longer = base + " " + " ".join(f"x{k}" for k in range(12))      # base is contained in it
    near = base.replace("w20", "y20")
    paragraphs = [("p0", longer), ("p1", near), ("p2", base), ("p3", base.replace("w5", "z5")),
                  ("p4", base.replace("w5", "z5")), ("p5", longer + " w7"), ("p6", base)]
    index = galley.DedupIndex()
    want = [None if m is None else (m.id, m.paragraph, m.similarity, m.kind)
            for m in index.add_batch([(i, [t]) for i, t in paragraphs])]
    assert {w[3] for w in want if w} >= {"near", "exact"}
    frame = dd.from_pandas(pd.DataFrame(paragraphs, columns=["id", "text"]), npartitions=3)
    assert distributed_result(galley.dask.dedup(frame, split=False).compute()) == want


@pytest.mark.parametrize("groups", [1, 2, 3, 7])
def test_any_grouping_of_the_partitions_gives_the_same_result(client, groups):
    # The exchanges run between groups of consecutive partitions: one group
    # for all, uneven groups, one partition a group (empty partitions among them).
    docs = corpus(3000, seed=13)
    _, want = single_machine(docs)
    parts = [pd.DataFrame(docs[a:b], columns=["id", "text"]) for a, b in
             ((0, 100), (100, 100), (100, 400), (400, 401), (401, 401), (401, 700), (700, len(docs)))]
    frame = dd.from_delayed([dask.delayed(p) for p in parts], meta=parts[0].iloc[:0], verify_meta=False)
    options = dict(threshold=0.8, containment=0.9, shingle="words", n=5, permutations=64)
    fps = galley.dask._persisted(frame, galley.dask._fingerprint_partition, "text", "id", True, options)
    lengths = galley.dask._lengths(fps)
    assert 0 in lengths
    out = galley.dask._result(fps, lengths, 0.8, 0.9, True, groups=groups).compute()
    assert list(out.index) == list(range(len(want)))
    assert distributed_result(out) == want


def test_group_bounds():
    bounds = galley.dask._group_bounds
    assert bounds([10] * 40) == [0, 6, 12, 18, 23, 29, 35, 40]  # ⌈√40⌉ = 7 groups of about equal size
    assert bounds([5, 0, 0, 5], groups=2) == [0, 1, 4]
    assert bounds([0, 0, 0], groups=3) == [0, 1, 2, 3]
    assert bounds([100], groups=4) == [0, 1]                    # never more groups than partitions
    assert bounds([1, 1, 1, 97]) == [0, 3, 4]
    # A group never holds more than GROUP_PARAGRAPHS (unless one partition does).
    big = galley.dask.GROUP_PARAGRAPHS
    assert len(bounds([big // 4] * 16)) - 1 == 4 and len(bounds([big // 2] * 16)) - 1 == 8


def test_verify_and_best_on_counts():
    shared = np.array([8, 8, 9, 10])
    new, old = np.array([10, 10, 10, 10]), np.array([10, 9, 30, 10])
    kind, score = galley.dask._verify(shared, new, old, 0.8, 0.9)
    # 8/12 is no Jaccard match; 8/9 contained falls short of 0.9; 9/31 Jaccard no, 9/10 contained; 10/10 near.
    assert kind.tolist() == [0, 0, galley.dask._CONTAINED, galley.dask._NEAR]
    assert score[2] == 9 / 10 and score[3] == 1.0
    assert galley.dask._verify(shared, new, old, 0.8, None)[0].tolist() == [0, 0, 0, galley.dask._NEAR]
    # The reverse is never contained: a new, longer paragraph holding an earlier short one.
    reverse = galley.dask._verify(np.array([9]), np.array([30]), np.array([10]), 0.8, 0.9)[0]
    assert reverse.tolist() == [0]
    later = np.array([5, 5, 5, 7, 7])
    earlier = np.array([3, 1, 2, 4, 6])
    kinds = np.array([galley.dask._CONTAINED, galley.dask._NEAR, galley.dask._NEAR, 0, galley.dask._CONTAINED])
    scores = np.array([0.99, 0.85, 0.85, 0.0, 0.95])
    assert galley.dask._best(later, earlier, kinds, scores).tolist() == [1, 4]


def test_import_without_dask_names_the_extra():
    # dask and numpy hidden: one ImportError naming the extra, no chained numpy error.
    code = """
import sys
class Hide:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("dask", "numpy", "pandas", "pyarrow", "distributed"):
            raise ImportError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, Hide())
try:
    import galley.dask
except ImportError as e:
    assert e.__cause__ is None and e.__suppress_context__, "a chained error"
    print(e)
else:
    print("imported")
"""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ)
    assert run.returncode == 0, run.stderr
    assert "galley[dask]" in run.stdout or "[dask]" in run.stdout, run.stdout
    assert "pip install" in run.stdout and "dask" in run.stdout


def test_bad_options_fail_before_any_task(client):
    frame = dd.from_pandas(pd.DataFrame([("a", "x")], columns=["id", "text"]), npartitions=1)
    with pytest.raises(ValueError):
        galley.dask.dedup(frame, shingle="sentences")
