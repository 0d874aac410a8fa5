"""IDNA through Python: the Web Platform Tests' toascii.json and IdnaTestV2.json
(Tests/conformance, in the repository; never skipped) through
galley.parse_url, run as WPT runs them and as the Swift and C tests do. The
inputs that fail must be exactly the known ICU 72 gaps of
Tests/vectors/url_icu72_gaps.json (its "comment" explains them): any other
failure fails, and so does a listed input that passes or one listed twice."""

import json
import os
import re

import pytest

import galley

HERE = os.path.dirname(os.path.abspath(__file__))
CONFORMANCE = os.path.normpath(os.path.join(HERE, "..", "..", "..", "Tests", "conformance"))
GAPS = os.path.join(HERE, "..", "..", "..", "Tests", "vectors", "url_icu72_gaps.json")

# json.load joins escaped surrogate pairs, so a surrogate left in a str is lone.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _cases(name):
    """The objects of a conformance file (the strings between them are
    comments), with each input as WPT passes it to new URL(): a USVString,
    in which a lone surrogate ("a\\ud900z" in IdnaTestV2.json) is U+FFFD."""
    with open(os.path.join(CONFORMANCE, name), encoding="utf-8") as f:
        cases = [c for c in json.load(f) if isinstance(c, dict)]
    for c in cases:
        c["input"] = _LONE_SURROGATE.sub("\ufffd", c["input"])
    return cases


def _gaps():
    with open(GAPS, encoding="utf-8") as f:
        return json.load(f)


def _parse(text):
    try:
        return galley.parse_url(text)
    except ValueError:
        return None


def _check(name, passed, run, failures, listed):
    """Prints the summary line and fails on an unlisted failure, a listed
    input that passes, or an input listed twice (str equality is code point
    by code point, as the gap file wants)."""
    assert len(set(listed)) == len(listed), f"url_icu72_gaps.json lists an input of {name} twice"
    gaps = set(listed)
    failed = {f[0] for f in failures}
    print(f"{name}: {passed}/{run} pass; {len(failed)} fail, all listed ICU 72 gaps: {failed == gaps}")
    unexpected = [message for input_, message in failures if input_ not in gaps]
    now_passing = [ascii(g) for g in listed if g not in failed]
    assert not unexpected, f"{len(unexpected)} unlisted failures:\n" + "\n".join(unexpected)
    assert not now_passing, "listed ICU 72 gaps that now pass (remove them):\n" + "\n".join(now_passing)


def test_toascii():
    """As the WPT harness runs toascii.json: the host (and hostname) of
    "https://" + input + "/x", or a parse failure where output is null."""
    cases = _cases("toascii.json")
    assert len(cases) == 87
    passed, failures = 0, []
    for c in cases:
        expected = c.get("output")
        url = _parse("https://" + c["input"] + "/x")
        if (url is None) if expected is None else (url is not None and url.host == expected
                                                  and url.hostname == expected):
            passed += 1
        else:
            failures.append((c["input"], f"{ascii(c['input'])}: got {url.host if url else None!r}, "
                                         f"expected {expected!r}"))
    _check("toascii.json", passed, len(cases), failures, _gaps()["toascii"])


# WPT's IdnaTestV2.window.js percent-encodes these, so that they reach the
# host parser rather than end the host.
_HOST_ENDING = str.maketrans({":": "%3A", "/": "%2F", "?": "%3F", "#": "%23", "\\": "%5C"})


def test_idna_test_v2():
    """As WPT's IdnaTestV2.window.js: new URL("https://" + input + "/x") must
    fail where output is null, or give that host, hostname, pathname "/x" and
    href. The empty input is left out, as WPT does."""
    cases = _cases("IdnaTestV2.json")
    assert len(cases) == 2671
    run, passed, failures = 0, 0, []
    for c in cases:
        input_ = c["input"]
        if not input_:
            continue
        run += 1
        expected = c.get("output")
        url = _parse("https://" + input_.translate(_HOST_ENDING) + "/x")
        if expected is None:
            ok = url is None
        else:
            ok = url is not None and url.host == expected and url.hostname == expected and \
                url.pathname == "/x" and url.href == f"https://{expected}/x"
        if ok:
            passed += 1
        else:
            failures.append((input_, f"{ascii(input_)}: got {ascii(url.href) if url else 'failure'}, "
                                     f"expected {ascii(expected) if expected is not None else 'failure'}"))
    listed = [g for cls in _gaps()["IdnaTestV2"] for g in cls["inputs"]]
    _check("IdnaTestV2.json", passed, run, failures, listed)
