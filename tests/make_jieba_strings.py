"""Collect every string jxcheck gives jieba on samples/, ../shared/seeds and
../shared/corpus/docs (by instrumenting the tokenizer during an in-process
``jxcheck check -j 1``), into tests/fixtures/jieba_strings.json for
tests/test_jieba_index.py. Rerun when the reading starts tokenising new text:

    .venv/bin/python tests/make_jieba_strings.py
"""
from __future__ import annotations

import contextlib
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures" / "jieba_strings.json"
FOLDERS = [ROOT / "samples", ROOT.parent / "shared" / "seeds", ROOT.parent / "shared" / "corpus" / "docs"]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from extractor import indicators
    from jxcheck import cli

    seen: set[str] = set()
    real = indicators._jieba()

    class Recorder:
        def lcut(self, s: str) -> list[str]:
            seen.add(s)
            return real.lcut(s)

    indicators._jieba = lambda: Recorder()  # tokens() looks _jieba up at each call
    for folder in FOLDERS:
        if folder.is_dir():
            with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
                sys.argv = ["jxcheck", "check", "-j", "1", "--timeout", "0", "--max-memory", "0",
                            "-f", "json", str(folder)]
                cli.main()
    lines = sorted(seen)
    OUT.write_text(json.dumps(lines, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(lines)} strings -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
