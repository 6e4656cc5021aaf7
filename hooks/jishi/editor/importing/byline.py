"""Bylines and photo credits as reporters print them: every name with its role.

"本报记者 李明 通讯员 张华" is two credits, 本报记者 李明 and 通讯员 张华;
"本报记者 李明 张华" gives both names the one role; "文/李明 图/张华",
"本报记者李明" (no space) and "李明 摄" (the role after the name) read the
same way; "湖北省总工会党组书记 董永祥" (any role, one name) is page.BYLINE's
shape. A line of any other shape is no byline (None), and stays text.
Each credit keeps where its role and name stand in the line, so every
character can be accounted for.

Captions: the text right under a photo is its caption only when it looks
like one (`caption_reason`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jishi.editor.importing.page import BYLINE

__all__ = ["Credit", "parse_byline", "caption_reason", "credit_tail", "credit_span"]

_NAME = re.compile(r"[\u4e00-\u9fff·]{2,4}")
_TITLED = r"[\u4e00-\u9fff]{0,8}?(?:记者|通讯员|实习生|摄影|摄像|编辑|撰稿)"
_ROLE = re.compile(rf"(?:{_TITLED}|文|图|文图|文[/／]图|摄|作者)[/／:：]?")
_GLUED = re.compile(rf"(?P<role>{_TITLED})[/／:：]?(?P<name>[\u4e00-\u9fff·]{{2,4}})"
                    r"|(?P<short>文|图)[/／:：](?P<short_name>[\u4e00-\u9fff·]{2,4})")  # 文/李明, not 文小明
_PHOTO = re.compile(r"摄|^图$")
# "…（李明 摄）", "…。本报记者 李明 摄", "… 摄影：李明": the photographer after the caption,
# in brackets or after a space or a full stop.
_SHOT = r"(?:[\u4e00-\u9fff]{0,8}[ \u3000]+)?[\u4e00-\u9fff·]{2,4}[ \u3000]*摄影?|摄影[：:][ \u3000]*[\u4e00-\u9fff·]{2,4}"
_CREDIT_TAIL = re.compile(rf"[（(](?P<inside>{_SHOT})[）)]$|(?<=[\s。！？；])(?P<after>{_SHOT})$")
_SENTENCE_END = set("。！？!?；;…")
_CAPTION_MAX = 40


@dataclass
class Credit:
    """One name of a byline and its role, with where each stands in the line (start, end).

    tail is a role printed after the name ("本报记者 李明 摄": 摄), tail_at where;
    mark_at where the separator after the role stands ("文/李明": /), if any.
    """

    role: str
    name: str
    role_at: tuple[int, int] | None
    name_at: tuple[int, int]
    tail: str = ""
    tail_at: tuple[int, int] | None = None
    mark_at: tuple[int, int] | None = None

    @property
    def photo(self) -> bool:
        """A photographer's credit (摄影, 摄, 图), not a writer's."""
        return bool(_PHOTO.search(self.role) or _PHOTO.search(self.tail))

    @property
    def printed(self) -> str:
        """Role and name as a reader says them: 通讯员 张华, 李明 摄."""
        return " ".join(part for part in (self.role if self.role_at and self.role_at[0] < self.name_at[0] else "",
                                          self.name, self.tail or
                                          (self.role if self.role_at and self.role_at[0] > self.name_at[0] else ""))
                        if part)


def parse_byline(text: str) -> list[Credit] | None:
    """The credits of a byline line, or None when the line is not one."""
    credits = _credits(text)
    if credits is None:
        match = BYLINE.match(text)
        # Any role before one name; a role of two or three characters is more likely a name (李明 张华).
        if not match or any(ch in text for ch in "“”") or re.fullmatch(r"[\u4e00-\u9fff·]{2,3}", match["role"]):
            return None
        return [Credit(match["role"], match["name"], match.span("role"), match.span("name"))]
    return credits


def _credits(text: str) -> list[Credit] | None:
    credits: list[Credit] = []
    role, role_at, mark_at, group, last = "", None, None, [], []  # group: the names since the last role
    named = True  # a name came after the last role
    for token in re.finditer(r"\S+", text):
        word, start = token.group(), token.start()
        if _ROLE.fullmatch(word):
            if not named:
                return None  # two roles in a row
            bare = word.rstrip("/／:：")
            role, role_at, named, last = bare, (start, start + len(bare)), False, group
            mark_at = (start + len(bare), start + len(word)) if bare != word else None
            if group and not group[0].role:  # "李明 张华 摄": the role printed after the names
                for credit in group:
                    credit.role, credit.role_at, credit.mark_at = role, role_at, mark_at
            group = []
            continue
        glued = _GLUED.fullmatch(word)
        if glued:
            key, name_key = ("role", "name") if glued["role"] else ("short", "short_name")
            role, role_at = glued[key], (start + glued.start(key), start + glued.end(key))
            mark_at = (role_at[1], start + glued.start(name_key)) if glued.end(key) < glued.start(name_key) else None
            at = (start + glued.start(name_key), start + glued.end(name_key))
            credits.append(Credit(role, glued[name_key], role_at, at, mark_at=mark_at))
            group, named = [credits[-1]], True
            continue
        if not _NAME.fullmatch(word):
            return None
        credits.append(Credit(role, word, role_at, token.span(), mark_at=mark_at))
        group.append(credits[-1])
        named = True
    if not named and last and last[0].role and last[0].role_at != role_at:
        for credit in last:  # "本报记者 李明 摄": a last role after names that had one
            credit.tail, credit.tail_at = role, role_at
    elif not named and mark_at:
        return None  # "李明 摄：" is no shape a byline has
    if not credits or any(not c.role for c in credits):
        return None
    return credits


def caption_reason(text: str) -> str:
    """Why the text under a photo is its caption ("图为", "摄", "短句"), or "" when it reads as body text."""
    if text.startswith(("图为", "图：", "图:", "上图", "下图")) or _CREDIT_TAIL.search(text):
        return "图为/摄"
    if len(text) <= _CAPTION_MAX and not any(ch in _SENTENCE_END for ch in text):
        return "短句"
    return ""


def credit_tail(text: str) -> re.Match | None:
    """The photographer's credit at the end of a caption ("（李明 摄）"), if any."""
    match = _CREDIT_TAIL.search(text)
    return match if match and match.start() > 0 else None


def credit_span(match: re.Match) -> tuple[int, int]:
    """Where the credit itself stands in a credit_tail match (inside its brackets, if any)."""
    return match.span("inside") if match["inside"] else match.span("after")
