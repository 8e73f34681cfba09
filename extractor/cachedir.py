"""Where jxcheck keeps what it computes once and reuses between runs (jieba's prefix
index, compiled regular expressions): ``$JXCHECK_CACHE_DIR``, else
``$XDG_CACHE_HOME/jxcheck``, else ``~/.cache/jxcheck``."""
from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    d = os.environ.get("JXCHECK_CACHE_DIR")
    if d:
        return Path(d)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "jxcheck"
