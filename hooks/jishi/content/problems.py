"""Problems found in editors' files, and the one format they are reported in.

Every message an editor sees has the shape of a good compiler's::

    stories/commentary/li-shuyong.md:7:1: title: 必填字段缺失

path relative to the site root, line and column where known, the field, the
cause in Chinese, and a hint where one helps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field as dc_field
from typing import Iterable

__all__ = ["Problem", "ProblemList", "SUPERSEDES", "format_problems", "did_you_mean", "ERROR", "WARNING", "NOTE"]

ERROR = "error"
WARNING = "warning"
NOTE = "note"  # told, never failing anything (an entity left out because nothing refers to it)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file."""

    path: str
    line: int = 0
    col: int = 0
    field: str = ""
    message: str = ""
    hint: str = ""
    severity: str = ERROR
    code: str = dc_field(default="", compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def location(self) -> str:
        loc = self.path
        if self.line:
            loc += f":{self.line}:{self.col or 1}"
        return loc

    def __str__(self) -> str:
        parts = [self.location()]
        if self.severity == WARNING:
            parts.append("警告")
        elif self.severity == NOTE:
            parts.append("提示")
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        text = ": ".join(parts)
        if self.hint:
            text += f"；{self.hint}"
        return _UNSEEN.sub(_escape, text)

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.col,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
            "severity": self.severity,
            "code": self.code,
        }


# One problem, one line: a line break or control character in a value an editor typed
# (shown in the message) is written as its escape, \n, \x1c, \u2028.
_UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match) -> str:
    return match[0].encode("unicode_escape").decode("ascii")


class ProblemList(list):
    """Problems collected over a whole run; nothing stops at the first one."""

    def add(self, path: str, message: str, **kw) -> Problem:
        problem = Problem(path=path, message=message, **kw)
        self.append(problem)
        return problem

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if not p.is_error]

    def drop_superseded(self) -> None:
        """Apply SUPERSEDES: a specific problem about a field replaces a generic one about the same field."""
        specific = {(p.path, p.field, generic) for p in self for generic in SUPERSEDES.get(p.code, ())}
        self[:] = [p for p in self if (p.path, p.field, p.code) not in specific]


# A clearer message replaces a generic one for the same file and field:
# "找不到人物 'zhang-sogn'" says more than the schema's "格式不对" about that slug.
SUPERSEDES = {"ref-unknown": ("schema-pattern",)}


def did_you_mean(guess: str, otherwise: str = "", name: str = "") -> str:
    """The hint for a near miss: 你是不是想写 'guess'（name）？, or otherwise when there is no guess."""
    if not guess:
        return otherwise
    return f"你是不是想写 '{guess}'（{name}）？" if name else f"你是不是想写 '{guess}'？"


def format_problems(problems: Iterable[Problem]) -> str:
    """One line per problem, sorted by file and line, plus a count in Chinese."""
    problems = sorted(set(problems))
    lines = [str(p) for p in problems]
    n_err = sum(p.is_error for p in problems)
    n_note = sum(p.severity == NOTE for p in problems)
    n_warn = len(problems) - n_err - n_note
    summary = []
    if n_err:
        summary.append(f"{n_err} 个错误")
    if n_warn:
        summary.append(f"{n_warn} 个警告")
    if n_note:
        summary.append(f"{n_note} 条提示")
    if summary:
        lines.append("共 " + "，".join(summary) + "。")
    return "\n".join(lines)
