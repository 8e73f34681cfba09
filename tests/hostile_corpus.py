"""Builds the broken and hostile input corpus, so nothing binary is committed.

``build(folder) -> list[Case]``: each case is a file (or symlink) written into
``folder`` with the outcome ``check_file`` must give it: ``("ok", None)`` or
``("error", code)``. Everything is made from bytes here or with python-docx /
openpyxl, in well under a second or two; the expensive hostile shapes (a
2,000-page PDF, a 100,000-object page, a 50 MB zip bomb member) are cheap to
*write* and must be cheap to *refuse*.

Run as a script to write the corpus somewhere for a manual look or a fuzz seed:
``python tests/hostile_corpus.py /tmp/hostile``.
"""
from __future__ import annotations

import io
import os
import sys
import zipfile
from dataclasses import dataclass

REPORT = "乐山市经济合作和外事局2021年度项目预算500.00万元，实际支出388.76万元，执行率77.75%。\n提供线索419条。\n"


@dataclass(frozen=True)
class Case:
    name: str
    status: str  # 'ok' | 'error'
    code: str | None = None
    why: str = ""


def pdf_bytes(objects: list[str], trailer_extra: str = "") -> bytes:
    """A PDF with a correct xref table; objects are the bodies of objects 1..n."""
    out = bytearray(b"%PDF-1.4\n")
    offs = []
    for i, body in enumerate(objects, start=1):
        offs.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for o in offs:
        out += f"{o:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {trailer_extra}>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(data: str) -> str:
    return f"<< /Length {len(data.encode('latin-1'))} >>\nstream\n{data}\nendstream"


def text_pdf(line: str = "Budget 1000 2021", pages: int = 1) -> bytes:
    objs = ["<< /Type /Catalog /Pages 2 0 R >>",
            f"<< /Type /Pages /Kids [{' '.join(f'{i + 5} 0 R' for i in range(pages))}] /Count {pages} >>",
            _stream(f"BT /F1 12 Tf 20 150 Td ({line}) Tj ET"),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    objs += ["<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 3 0 R"
             " /Resources << /Font << /F1 4 0 R >> >> >>"] * pages
    return pdf_bytes(objs)


def image_pdf() -> bytes:
    return pdf_bytes([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R"
        " /Resources << /XObject << /Im1 5 0 R >> >> >>",
        _stream("q 200 0 0 200 0 0 cm /Im1 Do Q"),
        "<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray"
        " /BitsPerComponent 8 /Length 1 >>\nstream\n\xff\nendstream",
    ])


def encrypted_pdf() -> bytes:
    # standard security handler, non-empty user password: the empty one fails
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
            "<< /Filter /Standard /V 1 /R 2 /O <" + "ab" * 32 + "> /U <" + "cd" * 32 + "> /P -4 >>"]
    ident = "<0123456789abcdef0123456789abcdef>"
    return pdf_bytes(objs, f"/Encrypt 4 0 R /ID [{ident} {ident}] ")


def busy_pdf(n: int = 100_001) -> bytes:
    data = "".join(f"{i % 200} {i // 200 % 200} 1 1 re f\n" for i in range(n))
    return pdf_bytes(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>", _stream(data)])


def deep_pdf(depth: int = 50_000) -> bytes:
    # a page dictionary holding an array nested 50,000 deep
    return pdf_bytes(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Junk " + "[" * depth + "]" * depth + " >>"])


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def base_docx(paragraphs: tuple[str, ...] = ("一、项目概况", "项目预算500.00万元，实际支出388.76万元。")) -> bytes:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def replace_member(package: bytes, name: str, data: bytes, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(package))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compress) as out:
        for info in src.infolist():
            out.writestr(info.filename, data if info.filename == name else src.read(info.filename))
    return buf.getvalue()


def document_xml(body: str, prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{prolog}'
            f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>').encode()


def para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


BILLION_LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + "]>\n"
)


def xxe_prolog(secret_path: str) -> str:
    return f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret_path}">]>\n'


def xlsx_bytes(rows: int = 3, cols: int = 3) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("自评表")
    ws.append(["指标", "年度指标值", "实际完成值"][:cols] + [f"列{k}" for k in range(3, cols)])
    for r in range(rows):
        ws.append([f"指标{r}", 100 + r, 90 + r][:cols] + [r * k for k in range(3, cols)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def shared_string_xlsx(chars: int = 1_000_000, cells: int = 5000) -> bytes:
    """A workbook whose one shared string of ``chars`` characters (1 MB, shuffled figures:
    it compresses ~4:1, under the ratio limit) is the value of ``cells`` cells: ~300 KB
    on disk, 5 billion characters of cell text if each cell copies it."""
    import random

    rng = random.Random(14)
    big = "".join(rng.choices("预算500万元，支出388.76万元，执行率77.75%。", k=chars))
    sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
           f' count="{cells}" uniqueCount="1"><si><t>{big}</t></si></sst>').encode()
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(1, cells + 1))
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             f'spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>').encode()
    src = zipfile.ZipFile(io.BytesIO(xlsx_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml" '
                                    b'Id="rId9"/></Relationships>')
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            out.writestr(info.filename, data)
        out.writestr("xl/sharedStrings.xml", sst)
    return buf.getvalue()


def huge_table_docx(rows: int = 1500, cols: int = 8) -> bytes:
    trs = "".join("<w:tr>" + "".join(f"<w:tc>{para(f'{r}.{c}万元')}</w:tc>" for c in range(cols)) + "</w:tr>"
                  for r in range(rows))
    body = para("附表") + f"<w:tbl>{trs}</w:tbl>"
    return replace_member(base_docx(), "word/document.xml", document_xml(body))


def deep_docx(depth: int = 5000) -> bytes:
    # 5,000 nested content controls around one paragraph: deeper than libxml2
    # allows without XML_PARSE_HUGE, and deeper than Python's recursion limit
    body = "<w:sdt><w:sdtContent>" * depth + para("嵌套") + "</w:sdtContent></w:sdt>" * depth
    return replace_member(base_docx(), "word/document.xml", document_xml(body))


def grid_span_docx(span: int = 2_000_000_000, before: int = 0) -> bytes:
    # a two-column table whose first cell claims to span 2,000,000,000 grid columns
    # (a few bytes; a loop over the span runs for minutes and gigabytes)
    tr_pr = f'<w:trPr><w:gridBefore w:val="{before}"/></w:trPr>' if before else ""
    tbl = ('<w:tbl><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid>'
           f'<w:tr>{tr_pr}<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>{para("项目预算500.00万元")}</w:tc></w:tr>'
           f'<w:tr><w:tc>{para("实际支出")}</w:tc><w:tc>{para("388.76万元")}</w:tc></w:tr></w:tbl>')
    return replace_member(base_docx(), "word/document.xml", document_xml(para("附表") + tbl))


def long_line_txt(mb: int = 50) -> bytes:
    # one line of figures, no newline: a single block of 50 MB
    unit = "预算500.00万元，支出388.76万元，执行率77.75%。".encode()
    return unit * (mb * 1024 * 1024 // len(unit))


def zip_bomb_docx() -> bytes:
    # a 50 MB part that compresses ~1000:1 (the real ones nest; the ratio gives them away)
    filler = b"<w:p/>" * (50 * 1024 * 1024 // 6)
    body = document_xml(para("x") + "FILL").replace(b"FILL", filler)
    return replace_member(base_docx(), "word/document.xml", body)


def _stream_member(out: zipfile.ZipFile, name: str, chunks, level: int = 6) -> None:
    """Write a member chunk by chunk (``chunks``: an iterable of bytes), never holding it whole."""
    info = zipfile.ZipInfo(name, date_time=(2021, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = level  # zipfile's own per-member level (ZipFile.open ignores compresslevel=)
    with out.open(info, "w", force_zip64=True) as f:
        for c in chunks:
            f.write(c)


def _with_members(package: bytes, extra) -> bytes:
    """``package`` with the members ``extra(out)`` writes into the copy."""
    src = zipfile.ZipFile(io.BytesIO(package))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, src.read(info.filename))
        extra(out)
    return buf.getvalue()


def many_parts_docx(parts: int = 1000, size: int = 1024 * 1024 - 1) -> bytes:
    """A DOCX with ``parts`` extra XML parts of ``size`` bytes each (just under the 1 MB
    from which the ratio check applies; together just under the 1 GB package limit):
    ~1 MB on disk, every part inflated and scanned for DOCTYPE/ENTITY."""
    body = b"<w:p/>" * (size // 6)
    part = b'<?xml version="1.0"?><x>' + body[: size - 30] + b"</x>"
    part = part + b" " * (size - len(part))

    def extra(out: zipfile.ZipFile) -> None:
        for i in range(parts):
            _stream_member(out, f"word/jx{i + 1}.xml", [part], level=9)
    return _with_members(base_docx(), extra)


def empty_paragraphs_docx(mb: int = 211, ratio: int = 127) -> bytes:
    """word/document.xml of ``mb`` MB, nearly all ``<w:p/>`` (36 million empty paragraphs
    for 211 MB), compressed about ``ratio``:1, under the 200:1 limit, by a random
    four-digit comment every ``ratio`` bytes or so: ~1.7 MB on disk."""
    import random

    rng = random.Random(14)
    head = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}">'
            f'<w:body>{para("项目预算500.00万元，实际支出388.76万元。")}').encode()
    run = b"<w:p/>" * max(1, ratio * 4 // 3)  # ~8 compressed bytes a run and its comment: ≈ ratio:1 (measured)

    def blocks():
        yield head
        for _ in range(mb):
            yield b"".join(run + b"<!--%04x-->" % rng.getrandbits(16) for _ in range((1 << 20) // (len(run) + 11)))
        yield b"</w:body></w:document>"

    src = zipfile.ZipFile(io.BytesIO(base_docx()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                out.writestr(info.filename, src.read(info.filename))
        _stream_member(out, "word/document.xml", blocks())
    return buf.getvalue()


def encrypted_docx() -> bytes:
    # what Word writes for a password-protected .docx: an OLE compound file
    # holding EncryptedPackage (only the parts the reader looks at)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 512


def build(folder: str, secret_path: str | None = None) -> list[Case]:
    """Write the corpus into ``folder``; return the cases with their expected outcome."""
    os.makedirs(folder, exist_ok=True)
    cases: list[Case] = []

    def put(name: str, data: bytes, status: str, code: str | None = None, why: str = "") -> None:
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
        cases.append(Case(name, status, code, why))

    good_pdf = text_pdf()
    good_docx = base_docx()
    good_xlsx = xlsx_bytes()
    # -- the good ones, and their names ---------------------------------------
    put("good.pdf", good_pdf, "ok")
    put("good.docx", good_docx, "ok")
    put("good.xlsx", good_xlsx, "ok")
    put("2021年度 绩效 自评报告.txt", REPORT.encode("utf-8"), "ok", why="Chinese name with spaces")
    put("good-copy.txt", REPORT.encode("utf-8"), "ok")  # same bytes as the one above: a duplicate
    # -- empty and truncated --------------------------------------------------
    for ext in ("pdf", "docx", "xlsx", "txt"):
        put(f"zero-byte.{ext}", b"", "error", "empty")
    put("truncated.pdf", good_pdf[:40], "error", "corrupt")
    put("truncated.docx", good_docx[: len(good_docx) // 2], "error", "corrupt")
    put("truncated.xlsx", good_xlsx[: len(good_xlsx) // 3], "error", "corrupt")
    # -- corrupted ------------------------------------------------------------
    put("garbage-after-header.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 64, "error", "corrupt")
    flipped = bytearray(good_docx)
    mid = good_docx.index(b"word/document.xml") + 200  # inside the deflated document part
    flipped[mid : mid + 64] = b"\xff" * 64
    put("corrupted-member.docx", bytes(flipped), "error", "corrupt")
    put("not-xml-document.docx", replace_member(good_docx, "word/document.xml", b"<w:document><unclosed"),
        "error", "corrupt")
    # -- encrypted, scanned ---------------------------------------------------
    put("encrypted.pdf", encrypted_pdf(), "error", "encrypted")
    put("password.docx", encrypted_docx(), "error", "encrypted")
    put("image-only.pdf", image_pdf(), "error", "scanned")
    # -- wrong extension ------------------------------------------------------
    put("pdf-renamed.docx", good_pdf, "error", "not-docx")
    put("docx-renamed.pdf", good_docx, "error", "not-pdf")
    put("pdf-renamed.txt", good_pdf, "error", "not-txt")
    put("xlsx-renamed.docx", good_xlsx, "error", "not-docx")
    put("png-renamed.xlsx", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "error", "not-xlsx")
    put("binary.txt", bytes(range(256)) * 20, "error", "encoding")
    # -- hostile ----------------------------------------------------------------
    put("zip-bomb.docx", zip_bomb_docx(), "error", "zip-bomb")
    put("billion-laughs.docx", replace_member(good_docx, "word/document.xml",
                                              document_xml(para("&lol9;"), BILLION_LAUGHS)), "error", "unsafe-xml")
    put("billion-laughs-utf16.docx", replace_member(
        good_docx, "word/document.xml",
        document_xml(para("&lol9;"), BILLION_LAUGHS).replace(b'encoding="UTF-8"', b'encoding="UTF-16"')
        .decode().encode("utf-16")), "error", "unsafe-xml")
    if secret_path:
        put("xxe.docx", replace_member(good_docx, "word/document.xml",
                                       document_xml(para("&xxe;"), xxe_prolog(secret_path))), "error", "unsafe-xml")
        sheet = (f'<?xml version="1.0"?>{xxe_prolog(secret_path)}'
                 '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                 '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>')
        put("xxe.xlsx", replace_member(good_xlsx, "xl/worksheets/sheet1.xml", sheet.encode()), "error", "unsafe-xml")
    put("deep-nesting.docx", deep_docx(), "error", "corrupt",
        why="libxml2 refuses nesting deeper than 256 without XML_PARSE_HUGE")
    put("deep-nesting.pdf", deep_pdf(), "error", "scanned", why="parses; the page has no text")
    put("2000-pages.pdf", text_pdf(pages=2000), "error", "too-many-pages")
    put("100000-objects.pdf", busy_pdf(), "error", "too-complex")
    put("huge-table.docx", huge_table_docx(), "ok")
    put("wide-sheet.xlsx", xlsx_bytes(rows=200, cols=60), "ok")
    # -- encodings --------------------------------------------------------------
    put("utf8-bom.txt", REPORT.encode("utf-8-sig"), "ok")
    put("gb18030.txt", (REPORT * 3).encode("gb18030"), "ok")
    put("big5.txt", ("樂山市經濟合作和外事局2021年度項目預算500.00萬元，執行率77.75%。\n" * 3).encode("big5"), "ok")
    put("utf16.txt", REPORT.encode("utf-16"), "ok")
    put("fullwidth.txt", "年初预算 １０００ 万元，执行率 ７７．０４％\n".encode(), "ok")
    put("control-chars.txt", "预算\x01\x02\x1b[31m500\x7f万元\u200b，执行率\x0c77%\n".encode(), "ok")
    put("lone-surrogate.txt", REPORT.encode() + b"\xed\xa0\x80" + REPORT.encode(), "ok",
        why="CESU/WTF-8 surrogate bytes: not UTF-8, decoded leniently")
    # -- paths --------------------------------------------------------------------
    os.symlink(os.path.join(folder, "no-such-file.pdf"), os.path.join(folder, "dangling.pdf"))
    cases.append(Case("dangling.pdf", "error", "missing", "broken symlink"))
    os.symlink("self-loop.txt", os.path.join(folder, "self-loop.txt"))
    cases.append(Case("self-loop.txt", "error", "unreadable", "symlink pointing at itself"))
    os.makedirs(os.path.join(folder, "sub"), exist_ok=True)
    os.symlink("..", os.path.join(folder, "sub", "loop"))  # a folder symlink loop: walked once
    try:
        bad = os.path.join(os.fsencode(folder), "报告".encode("gbk") + b".txt")
        with open(bad, "wb") as f:
            f.write(REPORT.encode("utf-8"))
        cases.append(Case(os.fsdecode("报告".encode("gbk") + b".txt"), "ok", why="GBK bytes in the file name"))
    except (OSError, UnicodeError):  # pragma: no cover - a file system that insists on UTF-8 names
        pass
    return cases


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus"
    for c in build(target):
        print(f"{c.name}\t{c.status}\t{c.code or ''}")
