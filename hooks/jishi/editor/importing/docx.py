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


def _credit(bylines: list, props, draft: Draft, photos: list[Draft], source: str, plan: ImportPlan,
            book: EntityBook) -> None:
    """Every name of the bylines kept: the author, the others as people, photographers on the photos."""
    named = [(i, c) for i, _text, credits in bylines for c in credits]
    photos = [p for p in photos if "credit" not in p.fields]  # a caption's own credit comes first
    shooters = [(i, c) for i, c in named if c.photo] if photos else []
    writers = [(i, c) for i, c in named if (i, c) not in shooters]
    accounted: set = set()
    printed = "；".join(text for _i, text, _c in bylines)

    def account(i: int, credit: Credit, target: Draft, role_field: str) -> None:
        for span, into in ((credit.role_at, target), (credit.tail_at, target), (credit.mark_at, None)):
            if span and (i, span) not in accounted:
                accounted.add((i, span))
                if into is None:
                    _drop(plan, source, i, span, blocks_text[i], "署名里角色后的分隔符")
                else:
                    plan.account(source, i, span[0], blocks_text[i][span[0]:span[1]], into, role_field)

    blocks_text = {i: text for i, text, _c in bylines}
    if not writers:
        _author_property(props, draft, source, plan, book)
    else:
        (i, first), others = writers[0], writers[1:]
        person = book.get("person", first.name, source, i)
        plan.account(source, i, first.name_at[0], first.name, person, "name")
        draft.fields["author"] = person.slug
        if first.role:
            draft.fields["author_role"] = first.role
        account(i, first, draft, "author_role")
        people = []
        for j, credit in others:
            other = book.get("person", credit.name, source, j)
            plan.account(source, j, credit.name_at[0], credit.name, other, "name")
            account(j, credit, draft, "derived.people")
            people.append(other.slug)
        if others:
            draft.fields["people"] = list(dict.fromkeys(people))
            draft.derived["people"] = (f"原文署名“{printed}”：{'、'.join(c.printed for _j, c in others)}与作者同署，"
                                       "不是文中写到的人物；纪实报道只写一位作者，其余署名的人列在这里")
            plan.uncertain.append(Note(source, i, f"署名“{printed}”有 {len(writers)} 位作者：作者写了{first.printed}，"
                                       f"{'、'.join(c.printed for _j, c in others)}列入文中人物（people），"
                                       "说明写在 derived.people；请核对"))
        elif first.tail:
            draft.derived["author"] = f"原文署名“{printed}”"
            account(i, first, draft, "derived.author")
        else:
            plan.recognised.append(Note(source, i, f"署名“{printed}”：作者{first.name}"
                                        + (f"（{first.role}）" if first.role else "")))
    if shooters:
        credit_text = "、".join(c.printed for _i, c in shooters)
        for photo in photos:
            photo.fields["credit"] = credit_text
            photo.derived["credit"] = f"取自原文署名“{printed}”"
        for i, credit in shooters:
            plan.account(source, i, credit.name_at[0], credit.name, photos[0], "credit")
            account(i, credit, photos[0], "credit")
        plan.uncertain.append(Note(source, shooters[0][0], f"署名里的{credit_text}写成了本文 {len(photos)} 张图片的摄影"
                                   "（credit）；如果某张图片另有摄影者，请改"))


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
    """A photo story for an embedded image; its caption is the short line under it, if any."""
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
