"""A PDF table cell's lines are its own characters' lines (extractor.readers.pdf._read_table):
a merged cell's text centred higher up can start a page line that a character a fraction of a
point lower falls out of; the cell must still read "2200.00", not "2200 00 .". Characters and
boxes written for this test."""
from __future__ import annotations

from types import SimpleNamespace

from extractor.readers.pdf import _cluster_lines, _read_table


def _ch(text, x0, top, size=8.0):
    return {"text": text, "x0": x0, "x1": x0 + 5.1, "top": top, "bottom": top + 7.35, "size": size}


def test_cell_line_split_by_the_page_lines_is_one_line():
    # a merged label centred at 120.7 (its own cell), then the row's figures at 125.56, '.' at 125.86
    label = [_ch(t, 20 + 8 * i, 120.93) for i, t in enumerate("资金（万元）")]
    figures = [_ch(t, 180.8 + 5.1 * i, 125.86 if t == "." else (125.67 if t == "5" else 125.56))
               for i, t in enumerate("2450.00")]
    chars = label + figures
    rows = _cluster_lines(chars)
    fig_lines = {n for n, r in enumerate(rows) for c in r if c in figures}
    assert len(fig_lines) > 1  # the page's clustering splits the figures (the condition this guards)
    line_of = {id(c): n for n, r in enumerate(rows, start=1) for c in r}
    char_line = [(c, line_of[id(c)]) for c in chars]
    table = SimpleNamespace(cells=[(10, 115, 170, 140), (175, 115, 240, 140)], bbox=(10, 115, 240, 140))
    pt = _read_table(table, 1, char_line)
    texts = sorted(c.text for c in pt.cells)
    assert "2450.00" in texts, texts
