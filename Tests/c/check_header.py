#!/usr/bin/env python3
"""Checks that include/galley.h, the header the Swift compiler generates for
the @c exports (-emit-clang-header-path), and libgalley.so agree.

For every function: the same name in all three, and the same C type in both
headers. Swift prints an opaque handle (OpaquePointer) as `void *`, so a
pointer to one of galley.h's opaque structs compares equal to `void *`.
The library must export exactly the header's functions and must not need
any Swift runtime library (it is built with -static-stdlib).

usage: check_header.py GALLEY_H GENERATED_H LIBGALLEY_SO [--clang CLANG]
"""
import json
import re
import subprocess
import sys
import tempfile
import os


def ast_functions(clang, source, include_dir):
    """name -> canonical function type, and the set of opaque struct typedefs."""
    out = subprocess.run(
        [clang, "-x", "c", "-std=c11", "-fsyntax-only", "-Xclang", "-ast-dump=json",
         "-I", include_dir, source],
        check=True, capture_output=True, text=True).stdout
    ast = json.loads(out)
    functions, complete, typedefs = {}, set(), {}
    for node in ast.get("inner", []):
        kind = node.get("kind")
        name = node.get("name", "")
        if kind == "FunctionDecl" and "galley_" in name:
            functions[name] = node["type"]["qualType"]
        elif kind == "RecordDecl" and node.get("completeDefinition"):
            complete.add(name)
        elif kind == "TypedefDecl":
            typedefs[name] = node["type"]["qualType"]
    opaque = {t for t, q in typedefs.items()
              if q.startswith("struct ") and q[len("struct "):] not in complete}
    return functions, opaque


def normalise(qual, opaque):
    qual = re.sub(r"\s*_(Nullable|Nonnull|Null_unspecified)\b", "", qual)
    for name in opaque:
        qual = re.sub(r"(const\s+)?\b%s\b(\s+const)?" % re.escape(name), "void", qual)
    qual = re.sub(r"\s*([*(),])\s*", r"\1", qual)
    return re.sub(r"\s+", " ", qual).strip()


def main():
    args = sys.argv[1:]
    clang = "clang"
    if "--clang" in args:
        i = args.index("--clang")
        clang = args[i + 1]
        del args[i:i + 2]
    header, generated, library = args
    include_dir = os.path.dirname(os.path.abspath(header))

    ours, opaque = ast_functions(clang, header, include_dir)

    # The generated header targets C, C++ and Objective-C at once; take its
    # declarations (one per line) and re-declare them under a gen_ prefix
    # next to galley.h's types so clang prints both in the same form.
    decls = []
    for line in open(generated, encoding="utf-8"):
        m = re.match(r"SWIFT_EXTERN (.*?)\b(galley_\w+)\((.*)\)\s*SWIFT_NOEXCEPT", line)
        if m:
            params = m.group(3).replace("void * _Nullable * _Nullable", "void **")
            decls.append("%s gen_%s(%s);" % (m.group(1), m.group(2), params))
    if not decls:
        sys.exit("no SWIFT_EXTERN galley_ declarations in %s" % generated)
    with tempfile.NamedTemporaryFile("w", suffix=".c", delete=False) as f:
        f.write('#include "galley.h"\n' + "\n".join(decls) + "\n")
        probe = f.name
    try:
        gen_all, _ = ast_functions(clang, probe, include_dir)
    finally:
        os.unlink(probe)
    gen = {k[len("gen_"):]: v for k, v in gen_all.items() if k.startswith("gen_")}

    problems = []
    for name in sorted(set(ours) | set(gen)):
        if name not in gen:
            problems.append("%s: declared in galley.h but not exported by a @c function" % name)
        elif name not in ours:
            problems.append("%s: exported by @c but missing from galley.h" % name)
        elif normalise(ours[name], opaque) != normalise(gen[name], opaque):
            problems.append("%s: galley.h says %r, Swift exports %r"
                            % (name, ours[name], gen[name]))

    nm = subprocess.run(["nm", "-D", "--defined-only", library], check=True,
                        capture_output=True, text=True).stdout
    exported = set()
    for line in nm.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TtWDdBbRrVv" and parts[1] != "A":
            exported.add(parts[2].split("@")[0])
    stray = sorted(exported - set(ours))
    missing = sorted(set(ours) - exported)
    if stray:
        problems.append("library exports symbols outside galley.h: %s" % ", ".join(stray[:20]))
    if missing:
        problems.append("library lacks: %s" % ", ".join(missing))

    needed = subprocess.run(["readelf", "-d", library], check=True, capture_output=True,
                            text=True).stdout
    swift_libs = re.findall(r"\[(libswift\w*\.so[^\]]*|libFoundation\w*\.so[^\]]*|libdispatch\.so[^\]]*)\]", needed)
    if swift_libs:
        problems.append("library needs Swift runtime libraries: %s" % ", ".join(swift_libs))
    soname = re.search(r"Library soname: \[(.*?)\]", needed)
    if not soname or not re.match(r"libgalley\.so\.\d+$", soname.group(1)):
        problems.append("library has no versioned SONAME")

    for p in problems:
        print("FAIL", p)
    print("%d functions compared, %d exported symbols, %s" % (
        len(ours), len(exported), "OK" if not problems else "%d problems" % len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
