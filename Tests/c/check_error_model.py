#!/usr/bin/env python3
"""Walks include/galley.h and checks that every declaration follows the
header's one error model (its "Conventions" and "Errors" sections):

- every function is declared GALLEY_API;
- a function that can fail returns galley_status; one that returns
  anything else cannot fail (its comment never promises a status), unless
  it is GALLEY_DEPRECATED;
- no other way of reporting an error survives outside deprecated
  declarations: no per-handle *_errmsg/*_error_offset accessor, no
  "-1 on error" return, no message-only handle ("still sets"), no error
  record in an out-parameter; an `error_offset`/`error_item` out-parameter
  only where its comment says it is "kept for old callers";
- every deprecated declaration names its replacement, which exists and is
  not deprecated, and its comment starts with "Deprecated";
- every fallible function is made to fail in test_errors.c (EXPECT_FAILS),
  which checks at run time that the failure fills the thread's last error
  and clears the out-parameters as documented.

usage: check_error_model.py GALLEY_H TEST_ERRORS_C
"""
import re
import sys

THREAD_ERROR = {"galley_errcode", "galley_errmsg", "galley_error_offset", "galley_error_item"}
OLD_MODELS = [
    (r"still sets \*?\w+ to a handle", "a message-only handle after a failure"),
    (r"-1 on error", "a -1 return for errors"),
    (r"carries no message", "a failure without a message"),
    (r"\*json holds an\s+\*?\s*error record", "an error record in an out-parameter"),
    (r"the (segmenter|handle|index) records a message", "a per-handle message"),
]


def declarations(text):
    """(comment, declaration) pairs: every GALLEY_API declaration with the
    nearest comment before it (a group of getters shares one comment)."""
    spans = [(m.start(), m.end(), m.group(1)) for m in re.finditer(r"/\*((?:(?!\*/).)*)\*/", text, re.S)]
    comments = [(end, c) for _, end, c in spans]
    out = []
    for m in re.finditer(r"^GALLEY_API\b[^;]*;", text, re.M):
        if any(a <= m.start() < b for a, b, _ in spans):
            continue
        before = [c for end, c in comments if end <= m.start()]
        comment = re.sub(r"\s*\n\s*\*\s?", " ", before[-1] if before else "").strip()
        out.append((comment, re.sub(r"\s+", " ", m.group(0))))
    return out


def main():
    header_path, test_path = sys.argv[1:3]
    text = open(header_path, encoding="utf-8").read()
    test = open(test_path, encoding="utf-8").read()
    problems = []

    # Every function declared at all (outside comments) is GALLEY_API.
    code = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    code = re.sub(r"^#.*$", "", code, flags=re.M)
    all_names = set(re.findall(r"\b(galley_\w+)\s*\((?!\s*\*)", code))
    decls = declarations(text)
    parsed = {}
    for comment, decl in decls:
        m = re.match(r"GALLEY_API\s+(GALLEY_DEPRECATED\(\"([^\"]*)\"\)\s+)?(.*?)\b(galley_\w+)\s*\((.*)\);", decl)
        if not m:
            problems.append("cannot read declaration: " + decl)
            continue
        deprecated, replacement, ret, name, params = m.group(1) is not None, m.group(2), m.group(3).strip(), \
            m.group(4), m.group(5)
        parsed[name] = (comment, deprecated, replacement, ret, params)
    missing_api = sorted(n for n in all_names if n not in parsed and not n.endswith("_t"))
    # Names used inside declarations' parameter lists are types, not functions.
    missing_api = [n for n in missing_api if re.search(r"\b%s\s*\(" % n, code.replace("GALLEY_API", ""))
                   and not re.search(r"typedef[^;]*\b%s\b" % n, code)]
    for n in missing_api:
        problems.append(f"{n}: declared without GALLEY_API (or without a comment before it)")

    fallible = []
    for name, (comment, deprecated, replacement, ret, params) in sorted(parsed.items()):
        if deprecated:
            if not comment.startswith("Deprecated"):
                problems.append(f"{name}: deprecated, but its comment does not start with 'Deprecated'")
            r = re.match(r"use (galley_\w+)\(\)", replacement or "")
            if not r or r.group(1) not in parsed or parsed[r.group(1)][1]:
                problems.append(f"{name}: GALLEY_DEPRECATED must name a current replacement, not {replacement!r}")
            if ret != "galley_status" and "-1" in comment and "last error" not in comment:
                problems.append(f"{name}: a deprecated tri-state return must say it records the thread's last error")
            if not re.search(r"\b%s\s*\(" % name, test):
                problems.append(f"{name}: deprecated but still shipped: test_errors.c must call it")
            continue
        if ret == "galley_status" and name not in THREAD_ERROR:
            fallible.append(name)
        else:
            if re.search(r"Returns GALLEY_STATUS|GALLEY_STATUS_\w+ (with|when|for)", comment) and name not in THREAD_ERROR:
                problems.append(f"{name}: returns {ret} but its comment promises a status: return galley_status")
        if name.endswith(("_errmsg", "_error_offset", "_error_item")) and name not in THREAD_ERROR:
            problems.append(f"{name}: a per-handle error accessor outside the thread's last error; deprecate it")
        for pattern, what in OLD_MODELS:
            if re.search(pattern, comment):
                problems.append(f"{name}: its comment describes {what}")
        for param in ("error_offset", "error_item"):
            if re.search(r"\b%s\b" % param, params) and "kept for old callers" not in comment:
                problems.append(f"{name}: out-parameter `{param}` is a second error channel; document it as "
                                "'kept for old callers' or remove it")
        if ret == "galley_status":
            # Pointer out-parameters (T **): the comment must say what they hold on failure.
            if re.search(r"\*\*\s*\w+", params) and not re.search(r"NULL|untouched", comment):
                problems.append(f"{name}: says nothing about its out-parameters on failure")

    for name in fallible:
        if not re.search(r"EXPECT_FAILS\(\s*%s\(" % name, test):
            problems.append(f"{name}: fallible, but test_errors.c never makes it fail (EXPECT_FAILS)")

    for name in THREAD_ERROR:
        if name not in parsed:
            problems.append(f"{name}: the thread's last error accessor is not declared")
    if not re.search(r"Errors, one model", text):
        problems.append("the Conventions section does not state the error model")

    if problems:
        print("\n".join("FAIL " + p for p in problems))
        sys.exit(1)
    print(f"{len(parsed)} declarations, {len(fallible)} fallible: all follow the error model")


if __name__ == "__main__":
    main()
