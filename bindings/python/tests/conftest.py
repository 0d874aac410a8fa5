"""Lets `pytest bindings/python/tests` run from a source checkout: when
GALLEY_LIBRARY is not set and the CMake build's libgalley.so exists, use it,
and import the package from bindings/python if it is not installed."""

import importlib.util
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
_BUILT = os.path.join(_HERE, "..", "..", "..", "build", "libgalley.so")

if "GALLEY_LIBRARY" not in os.environ and os.path.exists(_BUILT):
    os.environ["GALLEY_LIBRARY"] = os.path.normpath(_BUILT)

if importlib.util.find_spec("galley") is None:
    sys.path.insert(0, os.path.normpath(os.path.join(_HERE, "..")))
