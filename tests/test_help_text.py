"""--help is readable at 80 columns: nothing is cut with "…", option values are named, and
"[dask]" is text, not markup (click's plain help, not a rich table)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.parametrize("cmd", [["check", "--help"], ["extract", "--help"], ["--help"]])
def test_help_at_80_columns(cmd):
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    out = subprocess.run([sys.executable, "-m", "jxcheck.cli", *cmd], capture_output=True, text=True, env=env).stdout
    assert out.strip() and "…" not in out
    if cmd[0] == "check":
        for shown in ("--select CODES", "--output FILE", "--jobs N", "--timeout SECONDS", "jxcheck[dask]"):
            assert shown in out, shown
