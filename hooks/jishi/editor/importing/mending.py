"""Mending what extraction broke: blocks printed twice, paragraphs split or cut.

Three repairs, each recorded in the block's `mends` and in the report:

- a block printed twice is kept once, only when both printings are
  identical (the later printing is kept: the earlier one is usually the
  spill-over of a broken layout); differing printings are both kept and
  reported;
- a paragraph split by a page or column break (the rule of the
  `lint-page-break` warning: it stops mid-sentence, the next one reads on)
  is joined to the next paragraph of its block;
- a paragraph cut and continued elsewhere on the page is joined to its
  continuation when that is evident: the continuation closes a quotation
  mark the cut paragraph left open, or it is the only paragraph of a block
  of the same kind that could read on from it. Otherwise the candidates are
  reported as uncertain.

Quotation marks decide against a join as well: a join must not leave more
marks unmatched than the two paragraphs had apart.
"""

from __future__ import annotations

from jishi.content.lint import ends_mid_sentence, is_page_break, starts_mid_sentence
from jishi.editor.importing.blocks import Block, Para
from jishi.editor.importing.plan import ImportPlan, Note

__all__ = ["drop_duplicates", "join_page_breaks", "join_continuations", "unmatched"]

_PAIRS = {"“": "”", "‘": "’", "（": "）", "《": "》", "「": "」", "『": "』", "(": ")"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_TAIL, _HEAD = 6, 8
_PROSE = ("article", "testimonial", "orphan")
_DEDUPED = ("testimonial", "article", "label", "orphan")


def unmatched(text: str) -> tuple[int, int]:
    """(closers with no opener before them, openers never closed) in text."""
    stack: list[str] = []
    stray = 0
    for ch in text:
        if ch in _PAIRS:
            stack.append(ch)
        elif ch in _CLOSERS:
            if stack and stack[-1] == _CLOSERS[ch]:
                stack.pop()
            else:
                stray += 1
    return stray, len(stack)


def _fits(a: str, b: str) -> bool:
    """Joining a and b leaves fewer unmatched marks than they had apart (or none at all)."""
    apart = sum(unmatched(a)) + sum(unmatched(b))
    together = sum(unmatched(a + b))
    return together == 0 or together < apart


def _closes(a: str, b: str) -> bool:
    """b closes a quotation a left open: strong evidence that b continues a."""
    return unmatched(a)[1] > 0 and unmatched(b)[0] > 0 and _fits(a, b)


def drop_duplicates(blocks: list[Block], plan: ImportPlan, source: str) -> list[Block]:
    """Blocks with every identical second printing dropped (the later printing kept)."""
    later: dict[tuple, Block] = {}
    for block in blocks:
        if block.kind in _DEDUPED and block.paras:
            later[_key(block)] = block
    kept = []
    for block in blocks:
        keeper = later.get(_key(block)) if block.kind in _DEDUPED and block.paras else None
        if keeper is None or keeper is block or not _same_printing(block, keeper):
            kept.append(block)
            continue
        _drop(block, keeper, plan, source)
    for block in kept:
        if block.printings:
            # Line numbers are for the report; mends are shown to readers, who have no line numbers.
            block.mends.append("该段在原文版面中重复印刷两次，两处文字完全相同，仅保留一份")
    _report_near_duplicates(kept, plan, source)
    return kept


def _key(block: Block) -> tuple:
    return (block.kind, tuple(u.text for u in block.head)) if block.head else block.signature()


def _same_printing(a: Block, b: Block) -> bool:
    """Identical, or one has trailing paragraphs the other lacks that read on from elsewhere.

    A continuation of some other cut text may land right after one of the
    printings; it is no part of either and must not keep them apart.
    """
    n = min(len(a.paras), len(b.paras))
    if [p.text for p in a.paras[:n]] != [p.text for p in b.paras[:n]]:
        return False
    extra = (a.paras if len(a.paras) > n else b.paras)[n:]
    return all(starts_mid_sentence(p.text) and not ends_mid_sentence(a.paras[n - 1].text) for p in extra)


def _drop(block: Block, keeper: Block, plan: ImportPlan, source: str) -> None:
    """Drop block, the earlier printing of keeper; paragraphs only it has go on with keeper."""
    n = min(len(block.paras), len(keeper.paras))
    keeper.printings = [block.line, *(keeper.printings or [keeper.line])]
    last = block.paras[n - 1].parts[-1].line
    plan.duplicates.append(Note(source, block.line, f"第 {block.line}–{last} 行与第 {keeper.line} 行起的一段完全相同"
                                f"（“{block.paras[0].text[:12]}…”），只保留后一处"))
    for unit in [*block.head, *(u for p in block.paras[:n] for u in p.parts)]:
        plan.account(source, unit.line, unit.col, unit.text, None, "duplicate", f"与第 {keeper.line} 行起的一段重复")
    if len(block.paras) > n:
        keeper.paras.extend(block.paras[n:])
        plan.uncertain.append(Note(source, block.paras[n].line, f"第 {block.paras[n].line} 行的一段只印在第一处，"
                                   "已接在保留的一处后面（也可能是别处文字的后续）；请核对"))


def _report_near_duplicates(blocks: list[Block], plan: ImportPlan, source: str) -> None:
    """Two blocks with the same head but different text: both kept, the editor decides."""
    seen: dict[tuple, Block] = {}
    for block in blocks:
        if block.kind not in ("testimonial", "article") or not block.head:
            continue
        key = tuple(u.text for u in block.head)
        if key in seen:
            plan.uncertain.append(Note(source, block.line, f"与第 {seen[key].line} 行的署名相同但文字不同，"
                                       "两处都保留了；如果是同一篇，请手工合并"))
        seen.setdefault(key, block)


def join_page_breaks(blocks: list[Block], plan: ImportPlan, source: str) -> None:
    """Join, inside each block, a paragraph split at a page or column break to the next."""
    for block in blocks:
        if block.kind == "label" and block.paras and _is_voice_block(block):
            continue
        i = 0
        while i + 1 < len(block.paras):
            a, b = block.paras[i], block.paras[i + 1]
            if is_page_break(a.text, b.text) and _fits(a.text, b.text):
                _join(block, a, b, plan, source)
                block.paras.pop(i + 1)
            else:
                i += 1


def _is_voice_block(block: Block) -> bool:
    return all(p.parts[0].role == "voice" for p in block.paras)


def _join(block: Block, a: Para, b: Para, plan: ImportPlan, source: str) -> None:
    tail, head = a.text[-_TAIL:], b.text[:_HEAD]
    block.mends.append(f"原文在“{tail}”与“{head}”之间断开（换页或换栏），已接合为一段")
    plan.joins.append(Note(source, a.parts[-1].line, f"第 {a.parts[-1].line} 行与第 {b.line} 行接合为一段"
                           f"（“…{tail}”+“{head}…”，换页或换栏断开）"))
    a.parts.extend(b.parts)


def join_continuations(blocks: list[Block], plan: ImportPlan, source: str) -> None:
    """Join paragraphs cut and continued elsewhere on the page, when the continuation is evident."""
    prose = [b for b in blocks if b.kind in _PROSE]
    for strong in (True, False):
        for block in prose:
            for para in list(block.paras):
                if not ends_mid_sentence(para.text) or _followed_in_block(block, para):
                    continue
                found = _candidates(prose, block, para, strong)
                if len(found) == 1:
                    _move(block, para, *found[0], plan, source)
                elif not strong and found:
                    where = "、".join(f"第 {p.line} 行" for _, p in found)
                    plan.uncertain.append(Note(source, para.parts[-1].line, f"这一段在“…{para.text[-_TAIL:]}”处中断，"
                                               f"后续可能是 {where} 的段落，无法确定，未接合；请对照原版面"))
                elif not strong:
                    plan.uncertain.append(Note(source, para.parts[-1].line, f"这一段在“…{para.text[-_TAIL:]}”处中断，"
                                               "版面上找不到后续文字；请对照原版面"))


def _followed_in_block(block: Block, para: Para) -> bool:
    """The paragraph has a next one in its own block that reads on from it (joined already or not)."""
    i = block.paras.index(para)
    return i + 1 < len(block.paras) and is_page_break(para.text, block.paras[i + 1].text) \
        and _fits(para.text, block.paras[i + 1].text)


def _candidates(blocks: list[Block], host: Block, para: Para, strong: bool) -> list[tuple[Block, Para]]:
    """Paragraphs (not the first of their block) that could continue para."""
    out = []
    for block in blocks:
        if not strong and block.kind != host.kind:
            continue
        for other in block.paras[1:]:
            if other is para or not starts_mid_sentence(other.text) or other.line < 0:
                continue
            if (_closes(para.text, other.text) if strong else _fits(para.text, other.text)):
                out.append((block, other))
    return out


def _move(host: Block, para: Para, donor: Block, cont: Para, plan: ImportPlan, source: str) -> None:
    """Move cont (and what follows it in its block) onto the end of para."""
    i = donor.paras.index(cont)
    moved = donor.paras[i:]
    del donor.paras[i:]
    donor.gave_away = True
    tail, head = para.text[-_TAIL:], cont.text[:_HEAD]
    host.mends.append(f"原文在“{tail}”处中断，其后续文字“{head}……”印于版面他处，已接合为一段")
    plan.joins.append(Note(source, para.parts[-1].line, f"第 {para.parts[-1].line} 行在“…{tail}”处中断，"
                           f"接上第 {cont.line} 行印于他处的后续文字“{head}…”"))
    para.parts.extend(moved[0].parts)
    j = host.paras.index(para)
    host.paras[j + 1:j + 1] = moved[1:]
