"""Never write in place under the site folder: a rebuild's staging folder may hold hard links to the live site.

A rebuild whose search index is made again from the pages on disk links the
rest of the live site into staging (rebuild.complete_staging, the one
function that links); after that, the adapter writes files only through
jishi.mkdocs_adapter.rebuild.write_site_file. The build record
(record.save_build) is written under .jishi-cache, not the site folder.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

from jishi.mkdocs_adapter.rebuild import write_site_file

ADAPTER = Path(__file__).resolve().parents[2] / "hooks" / "jishi" / "mkdocs_adapter"
WRITERS = {"write_text", "write_bytes", "write_file", "dump"}  # on any object
MODULE_WRITERS = {"os": {"replace", "rename", "link"}, "shutil": {"copyfile", "copy", "copy2", "copytree", "move"}}
ALLOWED = {("rebuild.py", "write_site_file"), ("rebuild.py", "complete_staging"), ("record.py", "save_build")}


def _opens_for_writing(call: ast.Call) -> bool:
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    if name != "open":
        return False
    modes = [a for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    modes += [k.value for k in call.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)]
    return any(set(m.value) & set("wax") for m in modes)


def _writes(path: Path) -> list[tuple[str, int]]:
    """(function, line) of every call that writes a file, outside the allowed writers."""
    found = []
    for func in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) or (path.name, func.name) in ALLOWED:
            continue
        for call in ast.walk(func):
            if not isinstance(call, ast.Call):
                continue
            name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
            module = getattr(getattr(call.func, "value", None), "id", "")
            if name in WRITERS or name in MODULE_WRITERS.get(module, ()) or _opens_for_writing(call):
                found.append((func.name, call.lineno))
    return found


def test_the_adapter_writes_files_only_through_its_one_writer():
    found = {p.name: _writes(p) for p in sorted(ADAPTER.glob("*.py"))}
    assert {name: calls for name, calls in found.items() if calls} == {}, (
        "write under the site folder with rebuild.write_site_file (never in place: hard links)")


def test_the_scan_finds_a_write_in_place(tmp_path):
    module = tmp_path / "writer.py"
    module.write_text("def feed(path, text):\n    path.write_text(text)\n\n"
                      "def feed2(path):\n    with open(path, 'w') as f:\n        f.write('x')\n\n"
                      "def feed3(a, b):\n    shutil.copyfile(a, b)\n    files.replace(a, b)\n", encoding="utf-8")
    assert _writes(module) == [("feed", 2), ("feed2", 5), ("feed3", 9)]


def test_write_site_file_leaves_the_linked_file_of_the_last_site_alone(tmp_path):
    last, new = tmp_path / "last", tmp_path / "new"
    last.mkdir()
    new.mkdir()
    (last / "feed.xml").write_text("上一次", encoding="utf-8")
    os.link(last / "feed.xml", new / "feed.xml")
    write_site_file(new / "feed.xml", "这一次".encode("utf-8"))
    assert (new / "feed.xml").read_text(encoding="utf-8") == "这一次"
    assert (last / "feed.xml").read_text(encoding="utf-8") == "上一次"
    assert [p.name for p in new.iterdir()] == ["feed.xml"]
