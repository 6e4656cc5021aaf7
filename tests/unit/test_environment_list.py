"""The environment variables jishi reads are the ones DEVELOPING.md lists, in its one table."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAME = re.compile(r"\bJISHI_[A-Z_]+[A-Z]\b")
READ_IN = ("hooks", "bench", "scripts", "tests/support.py", "tests/conftest.py", "tests/browser/conftest.py")


def _listed() -> set[str]:
    text = (ROOT / "DEVELOPING.md").read_text(encoding="utf-8")
    section = text.split("## Environment variables (the one list)", 1)[1].split("\n## ", 1)[0]
    return {m.group(1) for m in re.finditer(r"^\| `(JISHI_[A-Z_]+)` \|", section, re.M)}


def _read() -> set[str]:
    found = set()
    for place in READ_IN:
        path = ROOT / place
        for file in [path] if path.is_file() else path.rglob("*"):
            if file.suffix in {".py", ".js", ".sh", ""} and file.is_file() and "__pycache__" not in file.parts:
                found |= set(NAME.findall(file.read_text(encoding="utf-8", errors="replace")))
    return found


def test_every_variable_the_code_reads_is_listed_and_every_listed_one_is_read():
    listed, read = _listed(), _read()
    assert listed, "DEVELOPING.md has no '## Environment variables (the one list)' table"
    assert sorted(read - listed) == [], "read but not in DEVELOPING.md's list of environment variables"
    assert sorted(listed - read) == [], "listed in DEVELOPING.md but read nowhere"
