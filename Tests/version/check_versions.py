#!/usr/bin/env python3
"""One source of the version: include/galley.h's GALLEY_VERSION_* macros.
Every other place that states the version must agree with it:

  Sources/Galley/Support/Version.swift   major, minor, patch
  Sources/GalleyC/Exports.swift          galley_version_string()'s literal
  CMakeLists.txt                         project(Galley VERSION …), the .so's version
  bindings/python/pyproject.toml         the wheel's version
  bindings/python/galley/_native.py      VERSION_MAJOR/MINOR/PATCH (the binding's ABI check)
  README.md                              the wheel's file name
  Tests/c/consumer/CMakeLists.txt        find_package(Galley MAJOR.MINOR) (same minor version)

(Package.swift states no version: SwiftPM takes it from the git tag.)

usage: check_versions.py [REPOSITORY_ROOT]
"""
import os
import re
import sys


def read(root, path):
    with open(os.path.join(root, path), encoding="utf-8") as f:
        return f.read()


def one(pattern, text, where):
    m = re.search(pattern, text, re.M)
    if not m:
        sys.exit(f"FAIL {where}: no match for {pattern!r}")
    return m.groups() if len(m.groups()) > 1 else m.group(1)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
    header = read(root, "include/galley.h")
    major = int(one(r"^#define GALLEY_VERSION_MAJOR (\d+)", header, "galley.h"))
    minor = int(one(r"^#define GALLEY_VERSION_MINOR (\d+)", header, "galley.h"))
    patch = int(one(r"^#define GALLEY_VERSION_PATCH (\d+)", header, "galley.h"))
    version = f"{major}.{minor}.{patch}"
    found = {
        "galley.h GALLEY_VERSION_STRING": one(r'^#define GALLEY_VERSION_STRING "([^"]+)"', header, "galley.h"),
        "galley.h GALLEY_VERSION_NUMBER example": ".".join(
            one(r"e\.g\. (\d+) for (\d+\.\d+\.\d+)", header, "galley.h")[1:]),
    }
    example_number = int(one(r"e\.g\. (\d+) for", header, "galley.h"))
    if example_number != major * 10000 + minor * 100 + patch:
        found["galley.h GALLEY_VERSION_NUMBER example number"] = str(example_number)

    swift = read(root, "Sources/Galley/Support/Version.swift")
    found["Version.swift"] = ".".join(
        one(r"static let %s = (\d+)" % part, swift, "Version.swift") for part in ("major", "minor", "patch"))
    found["Exports.swift galley_version_string"] = one(r'galley_version_string\(\)[^{]*\{\s*staticText\("([^"]+)"\)',
                                                       read(root, "Sources/GalleyC/Exports.swift"), "Exports.swift")
    found["CMakeLists.txt project()"] = one(r"^project\(Galley VERSION (\S+)", read(root, "CMakeLists.txt"),
                                            "CMakeLists.txt")
    found["pyproject.toml"] = one(r'^version = "([^"]+)"', read(root, "bindings/python/pyproject.toml"),
                                  "pyproject.toml")
    native = read(root, "bindings/python/galley/_native.py")
    found["_native.py VERSION_*"] = ".".join(
        one(r"^VERSION_%s = (\d+)" % part, native, "_native.py") for part in ("MAJOR", "MINOR", "PATCH"))
    consumer = one(r"find_package\(Galley (\d+\.\d+) ", read(root, "Tests/c/consumer/CMakeLists.txt"), "consumer")
    found["Tests/c/consumer find_package"] = consumer + f".{patch}" if consumer == f"{major}.{minor}" else consumer
    for m in re.finditer(r"galley_text-(\d+\.\d+\.\d+)-", read(root, "README.md")):
        found["README.md wheel name"] = m.group(1)

    wrong = {k: v for k, v in found.items() if v != version}
    for k, v in sorted(found.items()):
        print(f"{'ok  ' if v == version else 'FAIL'} {k}: {v}")
    if wrong:
        sys.exit(f"FAIL: galley.h says {version}; {len(wrong)} place(s) disagree")
    print(f"every version constant agrees with galley.h: {version}")


if __name__ == "__main__":
    main()
