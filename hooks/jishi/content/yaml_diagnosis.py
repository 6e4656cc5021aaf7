"""Why YAML broke, in the editor's terms: a full-width colon or space.

When PyYAML fails on a front matter, the loader asks here for the mistake a
Chinese input method really made (a key typed with "：", a full-width space
after a colon or in the indent) to report it instead of PyYAML's generic
message.
"""

from __future__ import annotations

import re

from jishi.content.problems import Problem
from jishi.content.schema import load_schema

__all__ = ["fullwidth_yaml_problem", "mend_fullwidth_key"]

_KEY_COLON = re.compile(r"^(?P<indent>[ \u3000]*(?:-[ ]+)?)(?P<key>[^\s:：\"'#\-][^:：\"'，。]{0,30}?)[ \u3000]*：")
_COLON_SPACE = re.compile(r"^(?P<indent>[ ]*(?:-[ ]+)?)(?P<key>[A-Za-z_][\w-]*):\u3000")
_INDENT = re.compile(r"^ *\u3000")


def fullwidth_yaml_problem(fm_text: str, path: str, error_line: int) -> Problem | None:
    """The full-width colon or space nearest before error_line that broke the YAML.

    Called when PyYAML fails, to replace its generic message with one that
    names the real mistake. Line numbers count the opening --- as line 1.
    """
    lines = fm_text.split("\n")[: max(error_line - 1, 1)]
    for n, line in reversed(list(enumerate(lines, start=2))):
        match = _KEY_COLON.match(line)
        if match:
            key = match["key"]
            english = _english_key(key)
            hint = "字段名要用英文，冒号用英文冒号加一个空格，例如 title: 标题"
            if english == key:
                hint = f"请把中文冒号“：”改成英文冒号加一个空格：{key}: …"
            elif english:
                hint = f"字段名要用英文，冒号用英文冒号加一个空格：写成 {english}: …"
            return Problem(path, n, match.end(), key, "字段名后面用了中文冒号“：”", hint, code="yaml-fullwidth-colon")
        match = _COLON_SPACE.match(line)
        if match:
            return Problem(path, n, match.end(), match["key"], "冒号后面是全角空格（　）",
                           "请改成一个半角空格：先把输入法切到英文再敲空格", code="yaml-fullwidth-space")
        if _INDENT.match(line):
            return Problem(path, n, 1, "", "缩进用了全角空格（　）",
                           "YAML 只能用半角空格缩进：先把输入法切到英文再敲空格", code="yaml-fullwidth-space")
    return None


def mend_fullwidth_key(fm_text: str, problem: Problem) -> str | None:
    """fm_text with the key fullwidth_yaml_problem found written as `key: `, or None.

    Only a key whose English name is known is mended (标题：→ title: ); the
    mended text is read only to find the file's other mistakes.
    """
    lines = fm_text.split("\n")
    n = problem.line - 2
    match = _KEY_COLON.match(lines[n]) if 0 <= n < len(lines) else None
    english = _english_key(match["key"]) if match else None
    if not english:
        return None
    rest = lines[n][match.end():].lstrip(" \u3000")
    lines[n] = f"{match['indent']}{english}: {rest}"
    return "\n".join(lines)


def _english_key(key: str) -> str | None:
    """The English key whose Chinese title is key (标题 → title), if any."""
    if key.isascii():
        return key
    schema = load_schema()
    for kind in schema.kinds.values():
        for name, prop in kind.properties.items():
            if prop.get("title") == key:
                return name
    return None
