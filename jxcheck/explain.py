"""``jxcheck explain CODE``: a rule's documentation for a reader at a terminal.

The docstring is hard-wrapped in the source at about 90 display cells; printed
as is, an 80-column terminal breaks those lines itself, and a line may then
start with ：or ，. So each paragraph is joined and wrapped again here, by
display width (a Chinese character takes two cells), never inside a number and
never before ，、：。；. The docstring's own "选项：…" paragraph is folded into
the options list (each option printed once, with its description), and the
category and severity are given in Chinese beside their codes.
"""
from __future__ import annotations

import inspect
import re
from typing import Any

from rich.cells import cell_len

from .reporters.common import CATEGORY_ZH, SEV_ZH

# a line that starts its own line in a paragraph (not joined to the one above)
_OWN_LINE = re.compile(r"^(?:错误示例|正确示例|检查什么|为什么|选项)[：:]|^[-*•]\s|^\s")
_OPTIONS = re.compile(r"^选项[：:]")
_ASCII_WORD = re.compile(r"[A-Za-z0-9_)\]]$")
# unbreakable pieces: a run of Latin letters, digits and number signs (JX302, 250,000.00,
# domain-rules, ±½·10⁻ᵈ, min_chars), a run of spaces, or one other character
_TOKEN = re.compile(r"[A-Za-z0-9_.,%±½·⁻ᵈ+\-/=|<>≥≤×÷'\"\[\]{}]+| +|.")
_NO_LINE_START = set("，、：。；！？）》」』”,.:;!?)%％")
_NO_LINE_END = set("（《「『“(")


def _option_notes(paragraph: str, names: list[str]) -> dict[str, str]:
    """``min_chars（最短汉字数，默认 40）`` → {min_chars: 最短汉字数，默认 40}: the
    bracketed description after each option name, brackets balanced."""
    out: dict[str, str] = {}
    for name in names:
        i = paragraph.find(name + "（")
        if i < 0:
            continue
        j = start = i + len(name) + 1
        depth = 1
        while j < len(paragraph) and depth:
            depth += {"（": 1, "）": -1}.get(paragraph[j], 0)
            j += 1
        out[name] = paragraph[start:j - 1]
    return out


def _paragraphs(doc: str) -> list[list[str]]:
    """Paragraphs (blank-line separated), each a list of logical lines: the source's
    hard-wrapped lines joined, except where a line starts a new item."""
    out: list[list[str]] = []
    for block in re.split(r"\n\s*\n", doc.strip()):
        lines: list[str] = []
        for raw in block.splitlines():
            text = raw.rstrip()
            if not text:
                continue
            if lines and not _OWN_LINE.match(raw):
                prev = lines[-1]
                sep = " " if _ASCII_WORD.search(prev) and re.match(r"[A-Za-z0-9(\[]", text) else ""
                lines[-1] = prev + sep + text.lstrip()
            else:
                lines.append(text)
        if lines:
            out.append(lines)
    return out


def _fill(line: str, width: int, indent: str = "") -> list[str]:
    """``line`` in lines of at most ``width`` cells: broken between Chinese
    characters or at spaces, never inside a Latin word or a number, and never
    before ，、：。； (the character before it moves down with it). Continuation
    lines start with ``indent``."""
    if cell_len(line) <= width:
        return [line]
    tokens = _TOKEN.findall(line)
    out: list[str] = []
    cur: list[str] = []
    cells = 0
    for tok in tokens:
        w = cell_len(tok)
        if cells + w > width and cur and not tok.isspace():
            carry: list[str] = []
            # kinsoku: a closing mark never starts a line (the token before it moves down
            # with it), an opening bracket never ends one
            while len(cur) > 2 and ((carry[0] if carry else tok)[0] in _NO_LINE_START
                                    or cur[-1][-1] in _NO_LINE_END):
                carry.insert(0, cur.pop())
            text = "".join(cur).rstrip()
            if text:
                out.append(text)
            cur = [indent, *carry] if indent else carry
            cells = sum(cell_len(x) for x in cur)
        if tok.isspace() and cells == cell_len(indent):
            continue  # no spaces at the start of a line
        cur.append(tok)
        cells += w
    text = "".join(cur).rstrip()
    if text.strip():
        out.append(text)
    return out


def render(r: Any, option_text, width: int = 80) -> str:
    """The whole page for rule ``r`` (a ``rules.registry.Rule``), wrapped to ``width``."""
    cat = CATEGORY_ZH.get(r.category, "")
    sev = SEV_ZH.get(r.severity, "")
    head = [f"{r.code} {r.name}", f"类别 {r.category}（{cat}）· 默认严重程度 {r.severity}（{sev}）"]
    body: list[str] = []
    notes: dict[str, str] = {}
    for para in _paragraphs(inspect.cleandoc(r.doc) if r.doc else "（暂无文档）"):
        if _OPTIONS.match(para[0]):  # said once, below, with the values
            notes = _option_notes(" ".join(para), list(r.options))
            continue
        body.append("")
        for line in para:
            body.extend(_fill(line, width))
    opts = ["", f"选项（在 jxcheck.toml 的 [rules.{r.code}] 中设置）："]
    if r.options:
        for k, v in r.options.items():
            opts.extend(_fill(f"  {k} = {option_text(v)}" + (f"：{notes[k]}" if k in notes else ""), width, "    "))
    else:
        opts.append("  无")
    return "\n".join(head + body + opts) + "\n"
