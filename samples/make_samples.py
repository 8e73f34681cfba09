"""Regenerate the DOCX (and, when LibreOffice is installed, the PDF) samples
from the .txt reports in this folder.

Usage:  python samples/make_samples.py          (needs python-docx)

The .txt files are the source. Most are UTF-8; 02-… is GB18030 and 05-…
carries a UTF-8 BOM on purpose (real-world encodings), so they are read
with encoding detection. Which reports get a DOCX/PDF is listed in
DOCX and PDF below. Headings follow the seeds' make_seed_docs.py: title
lines (before the first 一、 or the opening 根据/按照/受… paragraph) as
Title, 一、… as Heading 1, short （一）… lines as Heading 2.
"""
import os
import re
import shutil
import subprocess
import sys

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = os.path.dirname(os.path.abspath(__file__))
BODY_FONT = "Noto Serif CJK SC"
HEAD_FONT = "Noto Sans CJK SC"

DOCX = [
    "01-shucheng-audit-investment",
    "03-shanghai-elderly-stations",
    "06-village-revitalisation-funds",
    "08-shanghai-audit-bureau",
    "09-anyuan-county-health",
    "11-qinzhou-foreign-investment",
]
PDF = [
    "03-shanghai-elderly-stations",
    "06-village-revitalisation-funds",
    "09-anyuan-county-health",
]

H1 = re.compile(r"^[一二三四五六七八九十]+、")
H2 = re.compile(r"^[（(]\s*[一二三四五六七八九十]+\s*[）)]")
OPENING = ("根据", "按照", "受", "为")


def read_text(path):
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def set_font(style_or_run, name, size=None, bold=None):
    f = style_or_run.font
    f.name = name
    if size:
        f.size = Pt(size)
    if bold is not None:
        f.bold = bold
    rpr = style_or_run.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(a), name)


def new_doc():
    d = Document()
    sec = d.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.8)
    sec.top_margin = sec.bottom_margin = Cm(3.0)
    set_font(d.styles["Normal"], BODY_FONT, 12)
    sizes = {"Title": 18, "Heading 1": 14, "Heading 2": 12}
    for s, size in sizes.items():
        set_font(d.styles[s], HEAD_FONT, size, True)
        d.styles[s].font.color.rgb = None
    return d


def add_text(d, text):
    lines = [ln.strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    i = 0
    while (i < len(lines) and not H1.match(lines[i]) and len(lines[i]) < 60
           and not lines[i].startswith(OPENING)):
        p = d.add_heading(lines[i], level=0)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        i += 1
    for ln in lines[i:]:
        if H1.match(ln) and len(ln) < 40:
            d.add_heading(ln, level=1)
        elif H2.match(ln) and len(ln) < 30:
            d.add_heading(ln, level=2)
        else:
            p = d.add_paragraph(ln)
            p.paragraph_format.first_line_indent = Pt(24)
            p.paragraph_format.line_spacing = 1.5


def build_docx(base):
    d = new_doc()
    add_text(d, read_text(os.path.join(HERE, base + ".txt")))
    out = os.path.join(HERE, base + ".docx")
    d.save(out)
    return out


def main():
    for base in DOCX:
        print("docx", build_docx(base))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("soffice not found: PDFs not rebuilt", file=sys.stderr)
        return
    for base in PDF:
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", HERE,
                        os.path.join(HERE, base + ".docx")], check=True,
                       stdout=subprocess.DEVNULL)
        print("pdf ", os.path.join(HERE, base + ".pdf"))


if __name__ == "__main__":
    main()
