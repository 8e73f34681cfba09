"""Which files a batch checks: explicit files always; folders recursively, reports only."""
from __future__ import annotations

import os
from collections.abc import Iterator

REPORT_EXTS = {".txt", ".docx", ".pdf", ".xlsx", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def iter_inputs(paths: list[str]) -> Iterator[str]:
    seen: set[str] = set()
    for p in paths:
        if os.path.isdir(p):
            visited: set[tuple[int, int]] = set()
            for root, dirs, files in os.walk(p, followlinks=True):
                st = os.stat(root)
                key = (st.st_dev, st.st_ino)
                if key in visited:  # a symlink loop
                    dirs[:] = []
                    continue
                visited.add(key)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if f.startswith((".", "~$")):
                        continue
                    if os.path.splitext(f)[1].lower() in REPORT_EXTS:
                        full = os.path.join(root, f)
                        if full not in seen:
                            seen.add(full)
                            yield full
        elif p not in seen:
            seen.add(p)
            yield p
