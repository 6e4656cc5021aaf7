"""A reporter's Word file (.docx) to a draft story, through python-docx.

Paragraphs, headings (Heading 1 → ##, the story's title being the page's
h1), bold and italic, bulleted and numbered lists and tables become
Markdown. The title is the document's Title property, else its first
Title/Heading paragraph, else a short first line. The byline lines after it
(byline.py: "本报记者 李明 通讯员 张华", one line or several) keep every
name: the first writer is author (author_role their role), the others
people of the story with the byline quoted in `derived.people`, and
photographers the credit of the file's photos; without a byline, the Author
property (marked in `derived:`). Embedded images are saved under
docs/images/ stripped of metadata, each in a photo story whose caption is
the paragraph under it only when it reads as one (byline.caption_reason);
otherwise that paragraph stays in the body and the caption is a TODO. Every
guess is listed for the editor (`plan.uncertain`), by paragraph number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph

from jishi.editor.importing.byline import Credit, caption_reason, credit_span, credit_tail, parse_byline
from jishi.editor.importing.entities import EntityBook
from jishi.editor.importing.items import page_year
from jishi.editor.importing.page import is_short
from jishi.editor.importing.plan import Draft, ImportPlan, Note
from jishi.content.lint import PLACEHOLDER
from jishi.editor.scaffold import slugify

__all__ = ["plan_docx", "docx_blocks"]

_IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
_BLIP = ".//a:blip/@r:embed"


def docx_blocks(document) -> list[dict]:
    """The document's content in order: {"kind": heading|title|para|list|table|image, "at": n, ...}.

    n is the paragraph's (or table's) number in the document, empty paragraphs
    counted, as the editor counts them in Word.
    """
    out = []
    for at, item in enumerate(document.iter_inner_content(), 1):
        if isinstance(item, Table):
            out.append({"kind": "table", "markdown": _table(item), "text": _table_text(item), "at": at})
            continue
        for rid in item._p.xpath(_BLIP):
            out.append({"kind": "image", "part": document.part.related_parts[rid], "at": at})
        text = item.text.strip()
        if text:
            out.append({**_paragraph(item, text), "at": at})
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
    bylines = _take_bylines(blocks)
    draft.fields["team"] = f"{PLACEHOLDER}：工作队的网址名"
    body, photos = [], []
    for i, block in enumerate(blocks):
        if block.get("used"):
            continue
        if block["kind"] == "image":
            photos += _photo(blocks, i, title, len(photos) + 1, source, plan)
            continue
        body.append(block["markdown"])
        plan.account(source, block["at"], 0, block["text"], draft, "body")
    draft.body = _join(body)
    _credit(bylines, props, draft, photos, source, plan, book)
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
    first = next((b for b in blocks if b["kind"] not in ("table", "image")), None)
    # A Heading 1 first is the title only when the Title property does not name another.
    styled = first is not None and (first["kind"] == "title"
                                    or first["kind"] == "heading" and prop in ("", first["text"]))
    short = first is not None and is_short(first["text"]) and parse_byline(first["text"]) is None
    if styled or short and (not prop or prop == first["text"]):
        first["used"] = True
        draft.fields["title"] = first["text"]
        plan.account(source, first["at"], 0, first["text"], draft, "title")
        if prop and prop != first["text"]:
            plan.uncertain.append(Note(source, first["at"], f"标题取了第一段“{first['text']}”；Word 文件属性里的标题是“{prop}”，请核对"))
        elif not styled and not prop:
            plan.uncertain.append(Note(source, first["at"], f"第一段“{first['text']}”较短，当作标题；请核对"))
        return first["text"]
    if prop:
        draft.fields["title"] = prop
        draft.derived["title"] = "取自 Word 文件属性“标题”，正文未印标题"
        plan.uncertain.append(Note(source, 1, f"正文没有印标题，标题取自 Word 文件属性“标题”（{prop}）；请核对"))
        return prop
    draft.fields["title"] = f"{PLACEHOLDER}：标题"
    plan.uncertain.append(Note(source, 1, "Word 文件没有标题属性，第一段也不像标题；标题待填"))
    return ""


def _take_bylines(blocks: list[dict]) -> list[tuple[int, str, list[Credit]]]:
    """The byline lines among the first lines, (paragraph number, text, credits) each; marked used."""
    found = []
    for block in blocks[:5]:
        credits = None
        if not block.get("used") and block["kind"] in ("para", "heading", "title"):
            credits = parse_byline(block["text"])
        if credits:
            block["used"] = True
            found.append((block["at"], block["text"], credits))
        elif found:
            break
    return found


@dataclass
class _Bylines:
    """The byline lines of one file, (paragraph number, text, credits) each, and where their characters go."""

    lines: list
    source: str
    plan: ImportPlan
    accounted: set = field(default_factory=set)  # (paragraph, span) of roles shared by several names

    @property
    def printed(self) -> str:
        """The byline as printed, its lines joined by ；."""
        return "；".join(text for _at, text, _c in self.lines)

    def credits(self) -> list[tuple[int, Credit]]:
        return [(at, c) for at, _text, credits in self.lines for c in credits]

    def account(self, at: int, credit: Credit, target: Draft, role_field: str, person: Draft | None = None,
                tail_field: str = "") -> None:
        """The name into person's name (or target's role_field), the role once into target's role_field,
        a role printed after the name into tail_field (else role_field)."""
        text = next(t for a, t, _c in self.lines if a == at)
        self.plan.account(self.source, at, credit.name_at[0], credit.name, person or target,
                          "name" if person else role_field)
        for span, into in ((credit.role_at, role_field), (credit.tail_at, tail_field or role_field),
                           (credit.mark_at, None)):
            if span and (at, span) not in self.accounted:
                self.accounted.add((at, span))
                if into is None:
                    _drop(self.plan, self.source, at, span, text, "署名里角色后的分隔符")
                else:
                    self.plan.account(self.source, at, span[0], text[span[0]:span[1]], target, into)


def _credit(found: list, props, draft: Draft, photos: list[Draft], source: str, plan: ImportPlan,
            book: EntityBook) -> None:
    """Every name of the bylines kept: the author, the others as people, photographers on the photos."""
    bylines = _Bylines(found, source, plan)
    photos = [p for p in photos if "credit" not in p.fields]  # a caption's own credit comes first
    shooters = [(at, c) for at, c in bylines.credits() if c.photo] if photos else []
    writers = [(at, c) for at, c in bylines.credits() if (at, c) not in shooters]
    if writers:
        _authors(bylines, writers, draft, book)
    else:
        _author_property(props, draft, source, plan, book)
    if shooters:
        credit_text = "、".join(c.printed for _at, c in shooters)
        for photo in photos:
            photo.fields["credit"] = credit_text
            photo.derived["credit"] = f"取自原文署名“{bylines.printed}”"
        for at, credit in shooters:
            bylines.account(at, credit, photos[0], "credit")
        plan.uncertain.append(Note(source, shooters[0][0], f"署名里的{credit_text}写成了本文 {len(photos)} 张图片的摄影"
                                   "（credit）；如果某张图片另有摄影者，请改"))


def _authors(bylines: _Bylines, writers: list[tuple[int, Credit]], draft: Draft, book: EntityBook) -> None:
    """The first writer is the author (with their role); the others are people of the story, the byline quoted."""
    (at, first), others = writers[0], writers[1:]
    source, plan = bylines.source, bylines.plan
    person = book.get("person", first.name, source, at)
    draft.fields["author"] = person.slug
    if first.role:
        draft.fields["author_role"] = first.role
    if first.tail and not others:  # "本报记者 李明 摄" with no photo: the 摄 is kept in a note
        draft.derived["author"] = f"原文署名“{bylines.printed}”"
    bylines.account(at, first, draft, "author_role", person, tail_field="derived.people" if others else "derived.author")
    for other_at, credit in others:
        other = book.get("person", credit.name, source, other_at)
        bylines.account(other_at, credit, draft, "derived.people", other)
        draft.fields["people"] = list(dict.fromkeys([*draft.fields.get("people", []), other.slug]))
    named = "、".join(c.printed for _at, c in others)
    if others:
        draft.derived["people"] = (f"原文署名“{bylines.printed}”：{named}与作者同署，"
                                   "不是文中写到的人物；纪实报道只写一位作者，其余署名的人列在这里")
        plan.uncertain.append(Note(source, at, f"署名“{bylines.printed}”有 {len(writers)} 位作者：作者写了{first.printed}，"
                                   f"{named}列入文中人物（people），说明写在 derived.people；请核对"))
    elif not first.tail:
        plan.recognised.append(Note(source, at, f"署名“{bylines.printed}”：作者{first.name}"
                                    + (f"（{first.role}）" if first.role else "")))


def _author_property(props, draft: Draft, source: str, plan: ImportPlan, book: EntityBook) -> None:
    """No byline: the Author property (marked derived), else a placeholder."""
    if props.author and props.author.strip():
        person = book.get("person", props.author.strip(), source, 1)
        draft.fields["author"] = person.slug
        draft.derived["author"] = f"取自 Word 文件属性“作者”（{props.author.strip()}），正文未署名；请核对"
        plan.uncertain.append(Note(source, 1, f"正文没有署名，作者取自 Word 文件属性“作者”（{props.author.strip()}）；请核对"))
        return
    draft.fields["author"] = f"{PLACEHOLDER}：作者的网址名"
    plan.uncertain.append(Note(source, 1, "没有找到署名，Word 文件属性里也没有作者；作者待填"))


def _photo(blocks: list[dict], i: int, title: str, n: int, source: str, plan: ImportPlan) -> list[Draft]:
    """A photo story for an embedded image; its caption is the paragraph under it when it reads as one."""
    part = blocks[i]["part"]
    ext = _IMAGE_TYPES.get(part.content_type)
    if ext is None:
        plan.uncertain.append(Note(source, blocks[i]["at"], f"第 {n} 张图片格式是 {part.content_type}，网站不支持，未导入"))
        return []
    rel = f"images/{slugify(title) or 'word'}-{n}.{ext}"
    photo = plan.add(Draft("photo", {}, source=f"{source}:{blocks[i]['at']}"))
    _caption(blocks, i, n, photo, source, plan)
    photo.fields.update(alt=f"{PLACEHOLDER}：替代文字（图片内容的文字描述）", image=rel)
    plan.images.append((part.blob, photo, rel))
    return [photo]


def _caption(blocks: list[dict], i: int, n: int, photo: Draft, source: str, plan: ImportPlan) -> None:
    """The paragraph right under the image, when it reads as a caption; else a TODO and a note."""
    after = blocks[i + 1] if i + 1 < len(blocks) else None
    text = after["text"] if after is not None and after["kind"] == "para" and not after.get("used") else ""
    why = caption_reason(text) if text else ""
    if not why:
        photo.fields["caption"] = f"{PLACEHOLDER}：图注"
        seen = f"；下面一段“{_start(text)}”读来是正文，留在正文里" if text else ""
        plan.uncertain.append(Note(source, blocks[i]["at"], f"第 {n} 张图片下面没有图注{seen}；图注待填"))
        return
    after["used"] = True
    tail = credit_tail(text)
    if tail:
        start, end = credit_span(tail)
        photo.fields["credit"] = text[start:end]
        plan.account(source, after["at"], start, text[start:end], photo, "credit")
        for span in ((tail.start(), start), (end, tail.end())):  # the brackets around it
            _drop(plan, source, after["at"], span, text, "摄影署名外的括号，网站显示摄影时自带括号")
        text = text[:tail.start()].rstrip()
    photo.fields["caption"] = text
    plan.account(source, after["at"], 0, text, photo, "caption")
    if why == "短句":
        plan.uncertain.append(Note(source, after["at"], f"第 {n} 张图片下面的短句“{_start(text)}”当作图注；"
                                   "如果它其实是正文，请移回正文"))


def _drop(plan: ImportPlan, source: str, at: int, span: tuple[int, int], text: str, why: str) -> None:
    """Punctuation the files do not keep, said in the report."""
    if span[0] < span[1]:
        plan.account(source, at, span[0], text[span[0]:span[1]], None, "furniture", why)
        plan.furniture.append(Note(source, at, f"“{text[span[0]:span[1]]}”：{why}，未放入稿件"))


def _start(text: str, size: int = 20) -> str:
    return text if len(text) <= size else text[:size] + "…"
