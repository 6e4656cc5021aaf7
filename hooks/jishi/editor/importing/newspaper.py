"""A newspaper page's plain text to draft stories and the entities they name.

The pipeline reads top to bottom in `plan_page`: decode, classify every
line, group lines into blocks, mend (duplicates, page breaks, cut texts),
then turn each block into a draft. Every stretch of input is accounted for
in the plan: a field of a draft, or the report (duplicate, page furniture).
"""

from __future__ import annotations

from jishi.editor.importing.blocks import Block, group_blocks
from jishi.editor.importing.entities import EntityBook
from jishi.editor.importing.items import caption_person, enterprise_of, figures_of, page_year, split_parallel
from jishi.editor.importing.mending import drop_duplicates, join_continuations, join_page_breaks
from jishi.editor.importing.page import BYLINE, LABEL, TEAM_SUFFIXES, VOICE, classify, decode_page, read_units
from jishi.editor.importing.plan import Draft, ImportPlan, Note
from jishi.content.lint import PLACEHOLDER

__all__ = ["plan_page"]

_ROLE_NAMES = {"furniture": "版面杂项（版次、编辑署名等）", "banner": "版头（专版名）"}


def plan_page(raw: bytes, source: str, plan: ImportPlan, book: EntityBook) -> None:
    """Add the drafts of one page (raw bytes of its text) to plan."""
    text, encoding = decode_page(raw)
    if encoding != "UTF-8":
        plan.encodings.append(Note(source, 1, f"编码 {encoding}，已按 {encoding} 读取并转为 UTF-8（{len(text)} 个字符，内容不变）"))
    units = read_units(text)
    classify(units)
    for unit in units:
        if unit.role in _ROLE_NAMES:
            plan.furniture.append(Note(source, unit.line, f"“{unit.text}”：{_ROLE_NAMES[unit.role]}，未放入稿件"))
            plan.account(source, unit.line, unit.col, unit.text, None, "furniture", _ROLE_NAMES[unit.role])
    blocks, headings = group_blocks(units)
    blocks = drop_duplicates(blocks, plan, source)
    join_page_breaks(blocks, plan, source)
    join_continuations(blocks, plan, source)
    _mark_unsure_columns(blocks)
    year, clause = page_year(text)
    date_reason = f"原文未印发表日期；据正文“{clause}”推定为 {year} 年" if year else ""
    columns = {id(h): _column(h, n, source, plan, book) for n, h in enumerate(headings, start=1)}
    orders: dict[int, int] = {}
    for block in blocks:
        column = columns.get(id(block.column)) if block.column is not None else None
        key = -1 if block.kind == "photo" else id(column) if column is not None else 0
        orders[key] = orders.get(key, 0) + 1
        draft = _BUILDERS[block.kind](block, source, plan, book)
        order = orders[key] if key else 0
        _finish(draft, block, column if block.kind != "photo" else None, order, year, date_reason)


def _column(heading, order: int, source: str, plan: ImportPlan, book: EntityBook) -> Draft:
    draft = book.get("column", heading.text, source, heading.line, {"order": order})
    plan.account(source, heading.line, heading.col, heading.text, draft, "name")
    plan.recognised.append(Note(source, heading.line, f"“{heading.text}”：栏目"))
    return draft


def _mark_unsure_columns(blocks: list[Block]) -> None:
    """After a block whose continuation sat elsewhere, the layout is broken: columns are guesses."""
    broken: set[int] = set()
    for block in blocks:
        key = id(block.column)
        if block.kind != "photo" and block.column is not None and (key in broken or block.printings):
            block.column_unsure = "原文版面中该段所属栏目不明，按版面顺序归入此栏"
        if block.gave_away:
            broken.add(key)


def _finish(draft: Draft, block: Block, column: Draft | None, order: int, year: str, date_reason: str) -> None:
    """Column, order, date, draft flag and repairs: the fields every imported story has."""
    f = draft.fields
    f["draft"] = True
    f["date"] = year or f"{PLACEHOLDER}：日期"
    if date_reason:
        draft.derived["date"] = date_reason
    if column is not None:
        f["column"] = column.slug
        if block.column_unsure:
            draft.derived["column"] = block.column_unsure
    elif draft.kind in ("commentary", "testimonial", "voices", "figures", "changes"):
        f["column"] = f"{PLACEHOLDER}：栏目"
    if order:
        f["order"] = order
    draft.mends = block.mends + draft.mends


def _body(block: Block, draft: Draft, source: str, plan: ImportPlan, paras=None) -> None:
    """The block's paragraphs as the body, every line accounted for."""
    paras = block.paras if paras is None else paras
    draft.body = "\n\n".join(p.text for p in paras)
    for para in paras:
        for unit in para.parts:
            plan.account(source, unit.line, unit.col, unit.text, draft, "body")


def _person(name_unit, name: str, offset: int, source: str, plan: ImportPlan, book: EntityBook) -> Draft:
    person = book.get("person", name, source, name_unit.line)
    plan.account(source, name_unit.line, name_unit.col + offset, name, person, "name")
    return person


def _article(block: Block, source: str, plan: ImportPlan, book: EntityBook) -> Draft:
    title, byline = block.head[0], block.head[1] if len(block.head) > 1 else None
    draft = plan.add(Draft("case", {"title": title.text}, source=f"{source}:{title.line}"))
    plan.account(source, title.line, title.col, title.text, draft, "title")
    if byline is not None and byline.role == "teamline":
        _team_author(draft, byline, source, plan, book)
    elif byline is not None:
        match = BYLINE.match(byline.text)
        person = _person(byline, match["name"], match.start("name"), source, plan, book)
        plan.account(source, byline.line, byline.col, match["role"], draft, "author_role")
        draft.kind = "commentary" if block.column is not None else "case"
        draft.fields.update(author=person.slug, author_role=match["role"])
        if draft.kind == "case":
            draft.fields["team"] = f"{PLACEHOLDER}：工作队的网址名"
    what = {"case": "纪实报道", "commentary": "专家点评"}[draft.kind]
    plan.recognised.append(Note(source, title.line, f"“{title.text}”：{what}的标题" + (
        f"；第 {byline.line} 行是署名" if byline is not None else "")))
    _body(block, draft, source, plan)
    return draft


def _team_author(draft: Draft, byline, source: str, plan: ImportPlan, book: EntityBook) -> None:
    """A team byline "…驻<enterprise>工作队": the team is the author; the enterprise it names is linked."""
    name = byline.text
    fields, derived = {}, {}
    at = name.rfind("驻")
    suffix = next(s for s in TEAM_SUFFIXES if name.endswith(s))
    if at >= 0 and len(name) - len(suffix) - at > 2:
        ent_name = name[at + 1:len(name) - len(suffix)]
        enterprise = book.get("enterprise", ent_name, source, byline.line,
                              derived={"name": f"取自工作队名“{name}”，原文未印企业全称"})
        fields["enterprise"] = enterprise.slug
        draft.fields["enterprise"] = enterprise.slug
    else:
        fields["enterprise"] = f"{PLACEHOLDER}：企业的网址名"
    team = book.get("team", name, source, byline.line, fields, derived,
                    slug=f"{fields['enterprise']}-team" if "enterprise" in draft.fields else "")
    plan.account(source, byline.line, byline.col, name, team, "name")
    draft.fields.update(author_team=team.slug, team=team.slug)


def _testimonial(block: Block, source: str, plan: ImportPlan, book: EntityBook) -> Draft:
    byline = block.head[0]
    match = BYLINE.match(byline.text)
    person = _person(byline, match["name"], match.start("name"), source, plan, book)
    draft = plan.add(Draft("testimonial", {"speaker": person.slug, "speaker_role": match["role"]},
                           source=f"{source}:{byline.line}"))
    draft.fields["_name"] = match["name"]  # for the report; "_" fields are not written
    plan.account(source, byline.line, byline.col, match["role"], draft, "speaker_role")
    full, short = enterprise_of(match["role"])
    if full:
        enterprise = book.get("enterprise", full, source, byline.line, {"short_name": short} if short else {})
        draft.fields["enterprise"] = enterprise.slug
    plan.recognised.append(Note(source, byline.line, f"“{byline.text}”：心声的讲述人（身份照原文）"
                                + (f"，所在企业“{full}”" if full else "")))
    _body(block, draft, source, plan)
    return draft


def _photo(block: Block, source: str, plan: ImportPlan, book: EntityBook) -> Draft:
    caption = block.head[0]
    draft = plan.add(Draft("photo", {"caption": caption.text}, source=f"{source}:{caption.line}"))
    plan.account(source, caption.line, caption.col, caption.text, draft, "caption")
    draft.fields["alt"] = f"{caption.text}的照片（原图待补充）"
    draft.derived["alt"] = "替代文字据图注拟写；补上图片后请按图片内容改写"
    name = caption_person(caption.text)
    if name:
        person = book.get("person", name, source, caption.line)
        draft.fields["people"] = [person.slug]
        draft.derived["people"] = f"图中人物据图注“{caption.text}”认定"
    else:
        plan.uncertain.append(Note(source, caption.line, f"图注“{caption.text}”里认不出人名，未填图中人物"))
    plan.recognised.append(Note(source, caption.line, f"“{caption.text}”：图注（图片稿，原图待补充）"))
    return draft


def _label(block: Block, source: str, plan: ImportPlan, book: EntityBook) -> Draft:
    head = block.head[0]
    match = LABEL.match(head.text)
    draft = plan.add(Draft("changes", {"title": match["label"]}, source=f"{source}:{head.line}"))
    plan.account(source, head.line, head.col, match["label"], draft, "title")
    plan.account(source, head.line, head.col + match.start("colon"), match["colon"], None, "furniture", "标签后的冒号")
    paras = block.paras
    if paras and all(VOICE.match(p.text) for p in paras):
        _voices(draft, block, source, plan)
    elif len(paras) == 1 and len(figures_of(paras[0].text)) >= 3:
        draft.kind = "figures"
        draft.fields["items"] = figures_of(paras[0].text)
        draft.derived["items"] = "由正文整理：数值、单位照原文，说明取数字前的原文分句，请编辑改短"
        _body(block, draft, source, plan)
    else:
        _changes(draft, block, source, plan)
    what = {"voices": "网友声音", "figures": "数字", "changes": "变化"}[draft.kind]
    plan.recognised.append(Note(source, head.line, f"“{head.text}”：{what}"))
    return draft


def _voices(draft: Draft, block: Block, source: str, plan: ImportPlan) -> None:
    draft.kind = "voices"
    items = []
    for para in block.paras:
        unit = para.parts[0]
        match = VOICE.match(unit.text)
        n = len(items)
        items.append({"who": match["who"], "text": match["text"]})
        plan.account(source, unit.line, unit.col, match["who"], draft, f"items.{n}.who")
        plan.account(source, unit.line, unit.col + match.start("colon"), match["colon"], None, "furniture", "署名后的冒号")
        plan.account(source, unit.line, unit.col + match.start("text"), match["text"], draft, f"items.{n}.text")
    draft.fields["items"] = items


def _changes(draft: Draft, block: Block, source: str, plan: ImportPlan) -> None:
    """A labelled block of short items: one per line, or parallel sentences run together split again."""
    items = []
    for para in block.paras:
        unit = para.parts[0]
        parts = split_parallel(para.text) if len(para.parts) == 1 else None
        if parts:
            draft.mends.append(f"原文将{_cn(len(parts))}句连排为一行，已按句拆分为{_cn(len(parts))}项")
            plan.joins.append(Note(source, unit.line, f"第 {unit.line} 行是 {len(parts)} 句连排，已拆成 {len(parts)} 项"
                                   "（按句式相同的短语拆分，请核对）"))
        col = unit.col
        for part in parts or [para.text]:
            plan.account(source, unit.line, col, part, draft, f"items.{len(items)}")
            items.append(part)
            col += len(part)
    if not items:
        items = [f"{PLACEHOLDER}：条目"]
        plan.uncertain.append(Note(source, block.line, "标签下没有内容"))
    draft.fields["items"] = items


def _orphan(block: Block, source: str, plan: ImportPlan, book: EntityBook) -> Draft:
    first = block.paras[0]
    draft = plan.add(Draft("case", {"title": f"{PLACEHOLDER}：标题", "author": f"{PLACEHOLDER}：作者的网址名",
                                    "team": f"{PLACEHOLDER}：工作队的网址名"}, source=f"{source}:{first.line}"))
    plan.uncertain.append(Note(source, first.line, f"第 {first.line} 行起的文字（“{first.text[:12]}…”）没有标题和署名，"
                               "单独存为一篇纪实报道，标题和作者待填"))
    _body(block, draft, source, plan)
    return draft


def _cn(n: int) -> str:
    return "零一二三四五六七八九十"[n] if n <= 10 else str(n)


_BUILDERS = {"article": _article, "testimonial": _testimonial, "photo": _photo, "label": _label, "orphan": _orphan}
