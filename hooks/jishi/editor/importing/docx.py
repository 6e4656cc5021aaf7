"""A reporter's Word file (.docx) to a draft story, through python-docx.

Paragraphs, headings (Heading 1 → ##, the story's title being the page's
h1), bold and italic, bulleted and numbered lists and tables become
Markdown. The title is the document's Title property, else its first
Title/Heading paragraph, else a short first line; a byline line after it
("职务 姓名") gives author and author_role, else the Author property (marked
in `derived:`). Embedded images are saved under docs/images/ stripped of
metadata, each in a photo story whose caption is the short line printed
under it (TODO when there is none).
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph

from jishi.editor.importing.entities import EntityBook
from jishi.editor.importing.items import page_year
from jishi.editor.importing.page import BYLINE, is_short
from jishi.editor.importing.plan import Draft, ImportPlan, Note
from jishi.content.lint import PLACEHOLDER
from jishi.editor.scaffold import slugify

__all__ = ["plan_docx", "docx_blocks"]

_IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
_BLIP = ".//a:blip/@r:embed"


def docx_blocks(document) -> list[dict]:
    """The document's content in order: {"kind": heading|title|para|list|table|image, ...}."""
    out = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            out.append({"kind": "table", "markdown": _table(item), "text": _table_text(item)})
            continue
        for rid in item._p.xpath(_BLIP):
            out.append({"kind": "image", "part": document.part.related_parts[rid]})
        text = item.text.strip()
        if text:
            out.append(_paragraph(item, text))
    return out


def _paragraph(par: Paragraph, text: str) -> dict:
    style = (par.style.name if par.style is not None else "") or ""
    level = re.match(r"Heading (\d)", style)
    if style == "Title":
        return {"kind": "title", "text": text, "markdown": text}
    if level:
        return {"kind": "heading", "text": text, "markdown": "#" * min(int(level.group(1)) + 1, 6) + " " + text}
    inline = _inline(par)
    numbered = style.startswith("List Number")
    if numbered or style.startswith("List Bullet") or par._p.pPr is not None and par._p.pPr.numPr is not None:
        return {"kind": "list", "text": text, "markdown": ("1. " if numbered else "- ") + inline}
    return {"kind": "para", "text": text, "markdown": inline}


def _inline(par: Paragraph) -> str:
    """The paragraph's runs and links as Markdown: **bold**, *italic*, [text](address)."""
    out = []
    for item in par.iter_inner_content():
        if isinstance(item, Hyperlink):
            out.append(f"[{item.text}]({item.address})" if item.address else item.text)
            continue
        text = item.text
        mark = ("**" if item.bold else "") + ("*" if item.italic else "")
        out.append(f"{mark}{text}{mark[::-1]}" if mark and text.strip() else text)
    return "".join(out).strip().replace("****", "")  # adjacent bold runs: one **…**


def _table(table: Table) -> str:
    rows = [[_cell(c.text) for c in row.cells] for row in table.rows]
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def _table_text(table: Table) -> str:
    return "".join(c.text for row in table.rows for c in row.cells)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def plan_docx(path: Path, source: str, plan: ImportPlan, book: EntityBook) -> None:
    """Add the draft story (and photo stories) of one Word file to plan."""
    document = docx.Document(str(path))
    props = document.core_properties
    blocks = docx_blocks(document)
    draft = plan.add(Draft("case", {}, source=f"{source}:1"))
    title = _take_title(blocks, props, draft, source, plan)
    _take_author(blocks, props, draft, source, plan, book)
    draft.fields["team"] = f"{PLACEHOLDER}：工作队的网址名"
    body, photos = [], []
    for i, block in enumerate(blocks):
        if block.get("used"):
            continue
        if block["kind"] == "image":
            photos += _photo(blocks, i, title, len(photos) + 1, source, plan)
            continue
        body.append(block["markdown"])
        plan.account(source, i + 1, 0, block["text"], draft, "body")
    draft.body = _join(body)
    year, clause = page_year("\n".join(b.get("text", "") for b in blocks))
    for story in [draft, *photos]:
        story.fields["draft"] = True
        story.fields["date"] = year or f"{PLACEHOLDER}：日期"
        if year:
            story.derived["date"] = f"原文未写发表日期；据正文“{clause}”推定为 {year} 年"
    plan.recognised.append(Note(source, 1, f"Word 文件：纪实报道“{title}”，正文 {len(body)} 段/块"
                                + (f"，{len(photos)} 张图片" if photos else "")))


def _join(body: list[str]) -> str:
    """Blocks separated by blank lines; consecutive list items kept together."""
    out = []
    for text in body:
        if out and text.startswith(("- ", "1. ")) and out[-1].split("\n")[-1].startswith(("- ", "1. ")):
            out[-1] += "\n" + text
        else:
            out.append(text)
    return "\n\n".join(out)


def _take_title(blocks: list[dict], props, draft: Draft, source: str, plan: ImportPlan) -> str:
    """The printed title (a Title/Heading first paragraph, or a short first line), else the Title property."""
    prop = (props.title or "").strip()
    texts = [(i, b) for i, b in enumerate(blocks) if b["kind"] not in ("table", "image")]
    i, first = texts[0] if texts else (0, None)
    # A Heading 1 first is the title only when the Title property does not name another.
    styled = first is not None and (first["kind"] == "title"
                                    or first["kind"] == "heading" and prop in ("", first["text"]))
    short = first is not None and is_short(first["text"]) and not BYLINE.match(first["text"])
    if styled or short and (not prop or prop == first["text"]):
        first["used"] = True
        draft.fields["title"] = first["text"]
        plan.account(source, i + 1, 0, first["text"], draft, "title")
        if prop and prop != first["text"]:
            plan.uncertain.append(Note(source, i + 1, f"标题取了第一段“{first['text']}”；Word 文件属性里的标题是“{prop}”，请核对"))
        elif not styled and not prop:
            plan.uncertain.append(Note(source, i + 1, f"第一段“{first['text']}”较短，当作标题；请核对"))
        return first["text"]
    if prop:
        draft.fields["title"] = prop
        draft.derived["title"] = "取自 Word 文件属性“标题”，正文未印标题"
        return prop
    draft.fields["title"] = f"{PLACEHOLDER}：标题"
    plan.uncertain.append(Note(source, 1, "Word 文件没有标题属性，第一段也不像标题；标题待填"))
    return ""


def _take_author(blocks: list[dict], props, draft: Draft, source: str, plan: ImportPlan, book: EntityBook) -> None:
    """A byline among the first lines, else the Author property, else a placeholder."""
    for i, block in enumerate(blocks[:3]):
        match = BYLINE.match(block.get("text", "")) if not block.get("used") else None
        if match and block["kind"] in ("para", "heading", "title"):
            block["used"] = True
            person = book.get("person", match["name"], source, i + 1)
            plan.account(source, i + 1, match.start("name"), match["name"], person, "name")
            plan.account(source, i + 1, 0, match["role"], draft, "author_role")
            draft.fields.update(author=person.slug, author_role=match["role"])
            return
    if props.author and props.author.strip():
        person = book.get("person", props.author.strip(), source, 1)
        draft.fields["author"] = person.slug
        draft.derived["author"] = f"取自 Word 文件属性“作者”（{props.author.strip()}），正文未署名；请核对"
        return
    draft.fields["author"] = f"{PLACEHOLDER}：作者的网址名"


def _photo(blocks: list[dict], i: int, title: str, n: int, source: str, plan: ImportPlan) -> list[Draft]:
    """A photo story for an embedded image; its caption is the short line under it, if any."""
    part = blocks[i]["part"]
    ext = _IMAGE_TYPES.get(part.content_type)
    if ext is None:
        plan.uncertain.append(Note(source, i + 1, f"第 {n} 张图片格式是 {part.content_type}，网站不支持，未导入"))
        return []
    rel = f"images/{slugify(title) or 'word'}-{n}.{ext}"
    photo = plan.add(Draft("photo", {}, source=f"{source}:{i + 1}"))
    after = blocks[i + 1] if i + 1 < len(blocks) else None
    if after is not None and after["kind"] == "para" and len(after["text"]) <= 60 and "。" not in after["text"][:-1]:
        after["used"] = True
        photo.fields["caption"] = after["text"]
        plan.account(source, i + 2, 0, after["text"], photo, "caption")
    else:
        photo.fields["caption"] = f"{PLACEHOLDER}：图注"
        plan.uncertain.append(Note(source, i + 1, f"第 {n} 张图片下面没有图注，图注待填"))
    photo.fields.update(alt=f"{PLACEHOLDER}：替代文字（图片内容的文字描述）", image=rel)
    plan.images.append((part.blob, photo, rel))
    return [photo]
