"""pdf_scan reads an ordinary PDF's object graph itself (``_Lite``), as pdfminer reads
it, and leaves every other file to pdfminer (issue 15: pdfminer's import was ≈ 40 ms of
a cold one-PDF check, its scan ≈ 3 ms).

Every PDF at hand — samples, seeds, corpus, the hostile ones the other tests make (forms
drawn in forms, a Flate bomb, 500 busy pages, 2,000 pages, a giant page, an encrypted
file, deep nesting) and seeded mutations of them — is scanned both ways, with the
default limits and with tight ones: ``_Lite`` gives the same per-page estimates, or the
same refusal (code and message), or says it does not follow the file."""
from __future__ import annotations

import base64
import json
import random
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from conftest import SEEDS
from hostile_corpus import encrypted_pdf, image_pdf, pdf_bytes, text_pdf
from hypothesis import given, settings
from hypothesis import strategies as st
from test_hostile_read import _giant_page_pdf, busy_pages_pdf, flate_bomb_pdf, nested_forms_pdf

from extractor.errors import ReadError
from extractor.readers import pdf_scan
from extractor.readers.limits import ReadLimits

ROOT = Path(__file__).resolve().parents[1]
REAL = sorted([*ROOT.glob("samples/*.pdf"), *SEEDS.glob("**/*.pdf"), *(ROOT.parent / "shared" / "corpus" / "docs").glob("**/*.pdf")])
LIMITS = (ReadLimits(), ReadLimits(max_page_objects=300, max_document_objects=2000, max_stream_bytes=20_000))


def _pdfminer(data: bytes, limits: ReadLimits):
    """check_file's pdfminer reading, on bytes."""
    import io

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    try:
        doc = PDFDocument(PDFParser(io.BytesIO(data)))
    except Exception:  # noqa: BLE001
        return ("none",)
    try:
        return ("ok", pdf_scan.check_document(doc, limits))
    except ReadError as e:
        return ("refused", e.code, str(e))
    except Exception:  # noqa: BLE001
        return ("none",)


def _lite(data: bytes, limits: ReadLimits):
    try:
        return ("ok", pdf_scan.check_document(pdf_scan._Lite(data), limits))
    except ReadError as e:
        return ("refused", e.code, str(e))
    except pdf_scan._Unsupported:
        return ("unsupported",)


def _hostile() -> dict[str, bytes]:
    return {"forms-12x4": nested_forms_pdf(), "forms-3x2": nested_forms_pdf(levels=3, fan=2),
            "busy-500": busy_pages_pdf(), "busy-5": busy_pages_pdf(pages=5, chars=1000), "flate-bomb": flate_bomb_pdf(80),
            "giant-page": _giant_page_pdf(), "text": text_pdf(), "text-2000": text_pdf(pages=2000), "image": image_pdf(),
            "encrypted": encrypted_pdf()}


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    out = {p.name: p.read_bytes() for p in REAL}
    out.update(_hostile())
    return out


def test_every_file_at_hand_is_scanned_as_pdfminer_scans_it(files):
    followed = []
    for name, data in files.items():
        for limits in LIMITS:
            got = _lite(data, limits)
            if got != ("unsupported",):
                assert got == _pdfminer(data, limits), name
                followed.append(name)
    # the real reports are ordinary files, those with ASCII85 streams (ReportLab's) too
    assert {n for n in followed if n.endswith(".pdf")} == {p.name for p in REAL}
    # and the bombs are refused by _Lite itself, with pdfminer's messages
    for name in ("forms-12x4", "busy-500", "flate-bomb"):
        assert _lite(files[name], LIMITS[0])[0] == "refused", name


def _mutate(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        i, op = rng.randrange(len(b)), rng.random()
        if op < 0.4:
            b[i] = rng.randrange(256)
        elif op < 0.6:
            b[i] = rng.choice(b" \n\r/<>[]()0123456789R")
        elif op < 0.8:
            del b[i:i + rng.randint(1, 20)]
        else:
            b[i:i] = rng.choice([b" ", b"\n", b"1 0 R", b"/Form", b"<<", b">>", b"(", b")", b"endobj"])
    return bytes(b)


def test_damaged_files_are_scanned_as_pdfminer_scans_them_or_left_to_it(files):
    """Where a byte is changed, cut or added, _Lite either reads the file as pdfminer
    does or leaves it to pdfminer (an object not closed, a table entry out of place …)."""
    rng = random.Random(15)
    small = sorted(n for n, d in files.items() if len(d) < 300_000 and n != "text-2000")
    followed = 0
    for _ in range(600):
        data = _mutate(files[rng.choice(small)], rng)
        for limits in LIMITS:
            got = _lite(data, limits)
            if got != ("unsupported",):
                followed += 1
                want = _pdfminer(data, limits)
                if want == ("none",):  # pdfminer cannot parse it: PDFium decides, unrefused
                    assert got[0] == "ok", data[:2000]
                else:
                    assert got == want, data[:2000]
    assert followed > 100


_ONE_PAGE = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
             "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>"]


def _stream(filters: str, body: bytes) -> str:
    return f"<< /Length {len(body)} /Filter {filters} >>\nstream\n{body.decode('latin-1')}\nendstream"


@pytest.mark.parametrize("filters, body", [
    ("/ASCII85Decode", b"z~>\n"),
    ("/AHx", base64.b16encode(b"0 0 m 10 10 l S 0 0 5 5 re f") + b">"),
    ("[/A85 /AHx]", base64.a85encode(base64.b16encode(b"0 0 m 10 10 l S")) + b"~>"),
    ("[/AHx /FlateDecode]", base64.b16encode(zlib.compress(b"0 0 m 10 10 l 5 5 l S")) + b">"),
])
def test_ascii85_and_asciihex_streams_are_read_without_pdfminer(filters, body):
    data = pdf_bytes([*_ONE_PAGE, _stream(filters, body)])
    assert _lite(data, LIMITS[0])[0] == "ok"
    assert _lite(data, LIMITS[0]) == _pdfminer(data, LIMITS[0])


@given(st.binary(max_size=80), st.sampled_from([b"", b"<~", b" ~"]), st.sampled_from([b"", b"~>", b"~ > \n"]))
@settings(max_examples=300, deadline=None)
def test_the_ascii_decoders_are_pdfminers(body, head, tail):
    from pdfminer import ascii85 as theirs

    for data in (head + base64.a85encode(body) + tail, head + body + tail, base64.b16encode(body) + tail, body):
        for ours, their in ((pdf_scan.ascii85decode, theirs.ascii85decode),
                            (pdf_scan.asciihexdecode, theirs.asciihexdecode)):
            try:
                want = their(data)
            except ValueError:
                with pytest.raises(ValueError):
                    ours(data)
            else:
                assert ours(data) == want


@pytest.mark.parametrize("case", ["encrypted", "bad-ascii85", "xref-stream", "no-endobj", "prev-loop"])
def test_a_file_it_does_not_follow_goes_to_pdfminer(tmp_path, case):
    good = text_pdf()
    if case == "encrypted":
        data = encrypted_pdf()
    elif case == "bad-ascii85":  # pdfminer cannot decode it either
        data = pdf_bytes([*_ONE_PAGE, _stream("/ASCII85Decode", b"ab{}cd~>")])
    elif case == "xref-stream":  # startxref pointing at an object, as an xref stream's is
        data = good.replace(b"startxref\n" + good.rsplit(b"startxref\n", 1)[1].split(b"\n")[0], b"startxref\n9")
    elif case == "no-endobj":
        data = good.replace(b"endobj", b"endob ", 1)
    else:
        at = good.rsplit(b"startxref\n", 1)[1].split(b"\n")[0]
        data = good.replace(b"/Root 1 0 R", b"/Root 1 0 R /Prev " + at)
    with pytest.raises(pdf_scan._Unsupported):
        pdf_scan.check_document(pdf_scan._Lite(data), LIMITS[0])
    p = tmp_path / "f.pdf"
    p.write_bytes(data)
    want = _pdfminer(data, LIMITS[0])
    assert pdf_scan.check_file(str(p), LIMITS[0]) == (want[1] if want[0] == "ok" else None)


_COLD = """
import json, sys
sys.argv = ["jxcheck", "check", "-f", "json", sys.argv[1]]
from jxcheck import cli
try:
    cli.main()
except SystemExit:
    pass
print("\\nMODULES=" + json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("pdfminer", "cryptography"))))
"""


# a LibreOffice PDF, and a ReportLab one (its content streams ASCII85 and Flate)
@pytest.mark.parametrize("pdf", [ROOT / "samples" / "03-shanghai-elderly-stations.pdf",
                                 ROOT.parent / "shared" / "corpus" / "docs" / "dC06.pdf"], ids=["libreoffice", "reportlab"])
def test_a_cold_check_of_an_ordinary_pdf_imports_no_pdfminer(pdf):
    if not pdf.exists():
        pytest.skip(f"{pdf} is not here")
    out = subprocess.run([sys.executable, "-c", _COLD, str(pdf)], capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    result, modules = out.stdout.rsplit("\nMODULES=", 1)
    assert json.loads(result)["files"][0]["status"] == "ok"
    assert json.loads(modules) == []
