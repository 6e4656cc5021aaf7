"""Lists inside a labelled block, names in captions and roles, the page's year.

Each function reads a shape of Chinese print, not a campaign's words:
numbers with units (297篇, 230余篇, 1.7万名), parallel sentences run
together on one line, "职务 + 姓名 + 动作" captions, an organisation's full
name at the start of a role.
"""

from __future__ import annotations

import re

__all__ = ["figures_of", "split_parallel", "caption_person", "enterprise_of", "page_year", "FIGURE"]

_UNITS = "个小时|人次|小时|篇|件|个|名|人|次|项|家|户|场|期|条|份|元|天|所|支|座|台|套|%|％"
FIGURE = re.compile(rf"(?P<value>\d+(?:\.\d+)?)(?P<qualifier>余|多)?(?P<unit>[万亿]?(?:{_UNITS}))")
_CLAUSE_END = "，。；、：！？（）()"
# Caption "工会干部王跃初现场向工人师傅学习": a role word, a name, an action.
_ROLE_WORDS = ("干部", "职工", "工人", "师傅", "记者", "队员", "主席", "书记", "代表", "劳模", "工匠", "党员",
               "志愿者", "员工", "同志", "经理", "厂长", "队长", "组长", "班长")
_ACTIONS = ("现场", "在", "向", "与", "和", "为", "正在", "给", "同", "帮", "参加", "深入", "走访", "慰问",
            "指导", "讲解", "查看", "检查", "学习", "操作")
_ORG = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,30}?(?:股份有限公司|有限责任公司|有限公司|集团|公司|厂))"
                  r"(?:[(（](?P<short>[A-Za-z0-9]{2,12})[)）])?")
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年")


def figures_of(text: str) -> list[dict]:
    """Every number with a unit in text: value, unit, qualifier and the words before it as label."""
    items = []
    for match in FIGURE.finditer(text):
        start = match.start()
        clause_start = max((text.rfind(ch, 0, start) for ch in _CLAUSE_END), default=-1) + 1
        label = text[clause_start:start].strip()
        if not label:
            continue
        value = float(match["value"])
        item = {"label": label, "value": int(value) if value.is_integer() else value, "unit": match["unit"]}
        if match["qualifier"]:
            item["qualifier"] = match["qualifier"]
        items.append(item)
    return items


def split_parallel(text: str) -> list[str] | None:
    """Parallel sentences run together on one line, split again; None when the line has no such shape.

    "践行了群众路线，关系在“去”中拉近体现了工会本质，联系在“去”中密切…": a phrase
    that recurs three times or more, each item "A，B<phrase>C" with one comma;
    the last item shows how long C is, and every item is cut there.
    """
    if "。" in text or text.count("，") < 3:
        return None
    phrase = _recurring(text)
    if not phrase:
        return None
    starts = [m.start() for m in re.finditer(re.escape(phrase), text)]
    tail = len(text) - (starts[-1] + len(phrase))
    cuts = [s + len(phrase) + tail for s in starts[:-1]]
    items, prev = [], 0
    for cut in cuts + [len(text)]:
        items.append(text[prev:cut])
        prev = cut
    if len(items) != text.count("，") or any(item.count("，") != 1 for item in items) or tail < 1:
        return None
    return items


def _recurring(text: str) -> str:
    """The longest phrase (2–8 characters, no comma) found three or more times in text."""
    for size in range(8, 1, -1):
        counts: dict[str, int] = {}
        for i in range(len(text) - size + 1):
            chunk = text[i:i + size]
            if "，" not in chunk:
                counts[chunk] = counts.get(chunk, 0) + 1
        best = [c for c, n in counts.items() if n >= 3 and n == text.count(c)]
        if best:
            return max(best, key=lambda c: counts[c])
    return ""


def caption_person(caption: str) -> str:
    """The name in a caption of the shape role + name + action, or "" when unsure."""
    for word in _ROLE_WORDS:
        at = caption.find(word)
        if at < 0:
            continue
        rest = caption[at + len(word):]
        for size in (2, 3):
            name, after = rest[:size], rest[size:]
            if re.fullmatch(r"[\u4e00-\u9fff]+", name) and after.startswith(_ACTIONS) \
                    and not name.startswith(_ACTIONS):
                return name
    return ""


def enterprise_of(role: str) -> tuple[str, str]:
    """(full name, printed short name) of the company a role starts with, or ("", "")."""
    match = _ORG.match(role)
    if not match:
        return "", ""
    return match["name"], match["short"] or ""


def page_year(text: str) -> tuple[str, str]:
    """The one year the page names ("2017年…"), with the clause naming it; ("", "") if none or several."""
    years = {m.group(1) for m in _YEAR.finditer(text)}
    if len(years) != 1:
        return "", ""
    match = _YEAR.search(text)
    start = max((text.rfind(ch, 0, match.start()) for ch in "，。；！？\n"), default=-1) + 1
    ends = [i for i in (text.find(ch, match.end()) for ch in "，。；！？\n") if i >= 0]
    clause = text[start:min(ends) if ends else len(text)].strip()
    return years.pop(), clause.replace("“", "‘").replace("”", "’")
