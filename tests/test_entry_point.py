"""The installed console script's exit codes, in a real process (CliRunner calls the
app directly and would not see what ``main()`` does with them)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def jx(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from jxcheck.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120)


def test_exit_1_on_errors():
    assert jx("check", "-j", "1", str(SAMPLES / "06-village-revitalisation-funds.txt")).returncode == 1


def test_exit_0_on_clean_report():
    assert jx("check", "-j", "1", str(SAMPLES / "04-hebei-school-heating.txt")).returncode == 0


def test_exit_0_with_fail_on_never():
    r = jx("check", "-j", "1", "--fail-on", "never", str(SAMPLES / "06-village-revitalisation-funds.txt"))
    assert r.returncode == 0


def test_exit_2_on_usage_error():
    assert jx("check", "--format", "nonsense", str(SAMPLES)).returncode == 2


def test_exit_3_on_unreadable(tmp_path):
    bad = tmp_path / "empty.pdf"
    bad.write_bytes(b"")
    r = jx("check", "-j", "1", str(bad), str(SAMPLES / "06-village-revitalisation-funds.txt"))
    assert r.returncode == 3
    assert "文件为空" in r.stdout
