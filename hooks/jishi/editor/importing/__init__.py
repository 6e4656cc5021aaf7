"""`jishi import`: newspaper pages (plain text) and Word files to draft stories.

The pipeline, in `run_import`: read every source into one plan (page →
blocks → mends → drafts, or .docx → drafts and images), link or create the
entities they name, name the stories, write (unless a dry run), check the
new drafts with the site's own checks, and report. The modules:

- page, blocks, mending, items, newspaper: the newspaper page;
- docx: Word documents (python-docx);
- entities: linking names to existing entity files, or new ones;
- plan: the drafts and where every input character went;
- writer: slugs, rendering, writing; report: the Chinese report.

May import jishi.content and the rest of jishi.editor; never the MkDocs adapter.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from jishi.content.load import load_site
from jishi.content.problems import Problem, format_problems
from jishi.editor.importing.entities import EntityBook, existing_files
from jishi.editor.importing.newspaper import plan_page
from jishi.editor.importing.page import PageEncodingError, decode_page
from jishi.editor.importing.plan import Draft, ImportPlan, Note, Piece
from jishi.editor.importing.report import character_count, format_report
from jishi.editor.importing.writer import name_stories, render, write_plan

__all__ = ["ImportResult", "run_import", "plan_import", "source_problems", "ImportPlan", "Draft", "Piece", "Note", "render",
           "character_count", "REPORT_NAME"]

REPORT_NAME = "import-report.md"


@dataclass
class ImportResult:
    """What `run_import` did: the plan, the report text, the files written, check errors."""

    plan: ImportPlan
    report: str
    written: list[Path] = field(default_factory=list)
    errors: int = 0


def source_problems(root: Path, sources: list[Path]) -> list[Problem]:
    """Sources that cannot be imported: missing, unreadable Word files, text in an unknown encoding."""
    out = []
    for path in sources:
        name = _display(path, root)
        if not path.is_file():
            out.append(Problem(name, 0, 0, "原文", "找不到这个文件", "请检查路径"))
        elif path.suffix.lower() in (".doc", ".wps", ".pdf"):
            out.append(Problem(name, 0, 0, "原文", f"不能直接导入 {path.suffix} 文件",
                               "Word 文件请另存为 .docx；PDF 请先导出为纯文本（.txt）"))
        elif path.suffix.lower() == ".docx":
            if not zipfile.is_zipfile(path):
                out.append(Problem(name, 0, 0, "原文", "打不开这个 Word 文件（不是有效的 .docx）",
                                   "请用 Word 或 WPS 打开后重新另存为 .docx"))
        else:
            try:
                decode_page(path.read_bytes())
            except PageEncodingError as exc:
                out.append(Problem(name, exc.line, 1, "编码", "既不是 UTF-8 也不是 GB18030 编码的文字",
                                   "请在记事本等软件里另存为 UTF-8 再导入"))
    return out


def plan_import(root: Path, sources: list[Path], into: Path | None = None) -> ImportPlan:
    """Read every source and plan the files to write (nothing is written)."""
    root = Path(root)
    stories_dir = Path(into) if into else root / "stories"
    existing = existing_files(stories_dir) if stories_dir.is_dir() else []
    plan = ImportPlan()
    book = EntityBook(plan, stories_dir, existing)
    for path in sources:
        name = _display(path, root)
        if path.suffix.lower() == ".docx":
            from jishi.editor.importing.docx import plan_docx  # late: python-docx loads lxml

            plan_docx(path, name, plan, book)
        else:
            plan_page(path.read_bytes(), name, plan, book)
    name_stories(plan, book, stories_dir, existing)
    return plan


def run_import(root: Path, sources: list[Path], into: Path | None = None, dry_run: bool = False,
               report_file: Path | None = None) -> ImportResult:
    """Plan, write (unless dry_run), check the new drafts, and make the report (report_file: where
    it is written, default import-report.md at the site root)."""
    root = Path(root)
    plan = plan_import(root, sources, into)
    written = [] if dry_run else write_plan(plan, root / "docs")
    check_lines, errors = _check(root, written, dry_run, into)
    report = format_report(plan, root, dry_run, check_lines)
    if not dry_run:
        (report_file or root / REPORT_NAME).write_text(report, encoding="utf-8")
    return ImportResult(plan, report, written, errors)


def _check(root: Path, written: list[Path], dry_run: bool, into: Path | None) -> tuple[list[str], int]:
    """The site's checks, limited to the files this import wrote."""
    if dry_run:
        return ["试运行没有写文件，也就没有检查；去掉 --dry-run 再运行一次。"], 0
    stories = (root / "stories").resolve()
    if into is not None and not Path(into).resolve().is_relative_to(stories):
        return [f"文件写到了 {_display(Path(into), root)}，不在 stories/ 下，没有检查；"
                "移进 stories/ 之后运行 jishi check。"], 0
    if not any(p.suffix == ".md" for p in written):
        return ["没有新稿件要检查。"], 0
    ours = {_display(p, root) for p in written}
    _site, problems = load_site(root, show_drafts=True)
    mine = [p for p in problems if p.path in ours]
    errors = sum(1 for p in mine if p.severity == "error")
    if not mine:
        return [f"新写入的 {len(ours)} 个文件全部通过检查。"], 0
    return [format_problems(mine), "（只列这次新写入的文件）"], errors


def _display(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()
