import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
# The seed reports live beside the repository in shared/; CI clones main with shared/ beside it.
SEEDS = Path(os.environ.get("JXCHECK_SEEDS", ROOT.parent / "shared" / "seeds"))


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed reports not found at {SEEDS}")
    return SEEDS


def path_without_libreoffice() -> str:
    """PATH with every folder holding ``soffice``/``libreoffice`` left out."""
    keep = [d for d in os.environ.get("PATH", "").split(os.pathsep)
            if d and not any(os.path.exists(os.path.join(d, n)) for n in ("soffice", "libreoffice"))]
    return os.pathsep.join(keep)


@pytest.fixture
def no_converters(monkeypatch):
    """As on a machine with neither LibreOffice nor xlrd: .doc/.xls/.wps/.et are not checked."""
    monkeypatch.setenv("PATH", path_without_libreoffice())
    monkeypatch.setattr("extractor.readers.xls.available", lambda: False)
