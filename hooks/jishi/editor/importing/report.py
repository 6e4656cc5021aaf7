"""The import report, in Chinese: what was written, recognised, mended, dropped and left to check.

One text for the terminal and the report file. Every place in the input is
named as `source:line` (a Word file's as `source 第 n 段`, its paragraphs
counted as Word counts them), so an editor can open the page beside it.
"""

from __future__ import annotations

from pathlib import Path

from jishi.editor.importing.plan import ImportPlan, Note

__all__ = ["format_report", "character_count", "where", "SECTION_TITLES"]

# The report's sections; the editor's guide explains each (a test holds them together).
SECTION_TITLES = ("文件", "编码", "识别结果", "接合与拆分", "去掉的重复印刷", "版面杂项", "需要编辑核对的地方",
                  "字符核算", "jishi check")

_STATUS = {"new": "新建", "exists": "已有相同的稿件，未重写", "linked": "已有文件，直接关联"}


def character_count(plan: ImportPlan) -> dict[str, int]:
    """Non-space input characters by where they went: files, duplicates, furniture."""
    counts = {"files": 0, "duplicate": 0, "furniture": 0}
    for piece in plan.pieces:
        n = sum(1 for ch in piece.text if not ch.isspace())
        counts["files" if piece.target is not None else piece.field] += n
    return counts


def format_report(plan: ImportPlan, root: Path, dry_run: bool, check_lines: list[str]) -> str:
    """The whole report as one text."""
    out = ["# 导入报告" + ("（试运行：只列计划，没有写入任何文件）" if dry_run else ""), ""]
    out += _files(plan, root, dry_run)
    for title, notes in (("编码", plan.encodings), ("识别结果", plan.recognised),
                         ("接合与拆分（已记入各稿 mends）", plan.joins), ("去掉的重复印刷", plan.duplicates),
                         ("版面杂项（未放入稿件）", plan.furniture), ("需要编辑核对的地方", plan.uncertain)):
        out += _section(title, notes)
    counts = character_count(plan)
    total = sum(counts.values())
    out += ["## 字符核算", "",
            f"原文共 {total} 个字符（不计空白）：{counts['files']} 个在稿件和实体文件里，"
            f"{counts['duplicate']} 个属于去掉的重复印刷，{counts['furniture']} 个是版面杂项。", ""]
    out += ["## jishi check（新稿件）", ""] + (check_lines or ["没有发现问题。"]) + [""]
    out += ["导入的稿件都标了 draft: true，不会发布。逐篇核对原文、填好 TODO、看过上面“需要编辑核对的地方”之后，"
            "删掉 draft: true 这一行即可发布。", ""]
    return "\n".join(out)


def _files(plan: ImportPlan, root: Path, dry_run: bool) -> list[str]:
    verb = "将写入" if dry_run else "已写入"
    out = [f"## 文件（{verb} {sum(1 for d in plan.drafts if d.status == 'new')} 个）", ""]
    for draft in plan.drafts:
        rel = _rel(draft.path, root) if draft.path else draft.slug
        status = _STATUS[draft.status] if not (dry_run and draft.status == "new") else "将新建"
        extra = f"；修补 {len(draft.mends)} 处" if draft.mends else ""
        out.append(f"- {rel}：{status}（{draft.kind}，“{draft.label}”{extra}）")
    for _data, draft, rel in plan.images:
        out.append(f"- docs/{rel}：图片（已去掉 EXIF/GPS 等元数据），用于 {draft.slug}")
    return out + [""]


def _section(title: str, notes: list[Note]) -> list[str]:
    if not notes:
        return [] if title == "编码" else [f"## {title}（0）", "", "没有。", ""]
    out = [f"## {title}（{len(notes)}）", ""]
    out += [f"- {where(n.source, n.line)}：{n.text}" for n in sorted(notes, key=lambda n: (n.source, n.line))]
    return out + [""]


def where(source: str, line: int) -> str:
    """A place in an input as the editor finds it: a page's line, a Word file's paragraph."""
    return f"{source} 第 {line} 段" if source.lower().endswith(".docx") else f"{source}:{line}"


def _rel(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)
