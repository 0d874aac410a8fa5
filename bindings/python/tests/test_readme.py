"""The README's Python example, run as it is shown there."""

import io
import os
import runpy
from contextlib import redirect_stdout

EXAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "Tests", "readme",
                       "process_example.py")


def test_readme_example():
    out = io.StringIO()
    with redirect_stdout(out):
        runpy.run_path(EXAMPLE, run_name="__main__")
    lines = out.getvalue().splitlines()
    assert lines[0] == "en [['Harbour bridge reopens'], ['The bridge reopened on Monday.', 'But the council says little.']]"
    assert lines[1] == "[('Steel prices', 'steel-prices', 'https://news.example.com/economy/steel')]"
    assert lines[2] == "['exact', 'exact']"
