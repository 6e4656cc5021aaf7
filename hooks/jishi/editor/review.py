"""`jishi review FILE… --step 初审 --by 王芳`: a sign-off written into the story's front matter.

What a sign-off covers and when it holds is jishi.content.review's business;
this module decides whether a step may be signed now and writes the entry by
a targeted edit of the `reviews:` lines, so every other byte of the file
(comments, key order, quoting, line endings) stays as the editor wrote it.
The edited file is parsed again before it is written: its fields and body
must read back unchanged and the new sign-off must hold, or nothing is
written. Several files are signed all or none.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from jishi.content.drafts import resolve_today
from jishi.content.loader import LoadError, parse_source, yaml_scalar
from jishi.content.review import REVIEW_CODES, REVIEWS, may_sign, review_entry, review_state
from jishi.content.schema import closest
from jishi.content.settings import load_settings
from jishi.content.site_schema import load_site_schema
from jishi.content.problems import did_you_mean
from jishi.site.check import load_site

__all__ = ["SignOff", "sign_off", "insert_review"]


@dataclass
class SignOff:
    """What `jishi review` did: the files signed, or why none was."""

    signed: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # Chinese lines, one per reason
    skipped: list[str] = field(default_factory=list)  # files that are no story (a person, a team …): nothing to sign


def sign_off(root: Path, files: list[Path], step: str, by: str) -> SignOff:
    """Sign step for every file, by the named reviewer; nothing is written if any is refused."""
    root = Path(root)
    result = SignOff()
    settings, problems = load_settings(root)
    if problems:
        result.refused = [str(p) for p in problems]
        return result
    steps = settings.review
    why = _refuse_step(steps, step, by)
    if why:
        result.refused.append(why)
        return result
    _, found = load_site(root)
    schema, _ = load_site_schema(root)
    story_kinds = set(schema.story_kinds) if schema else set()
    edits = []
    for path in files:
        rel, text, why = _signed_text(root, Path(path), step, by, steps, found, story_kinds)
        if why is None:
            result.skipped.append(rel)
        elif why:
            result.refused.extend(why)
        else:
            edits.append((Path(path), rel, text))
    if result.refused:
        return result
    for path, rel, raw in edits:
        path.write_bytes(raw)
        result.signed.append(rel)
    return result


def _refuse_step(steps, step: str, by: str) -> str:
    if not steps:
        return "错误：jishi.yml 没有设置审核步骤（review），本站不需要签发；要审核时在 jishi.yml 写 review: [初审, 复审, 终审]"
    if step not in steps:
        hint = did_you_mean(closest(step, steps), f"本站的审核步骤：{'、'.join(steps)}")
        return f"错误：没有 '{step}' 这一级审核；{hint}"
    if not by.strip():
        return "错误：请用 --by 写上审核人的姓名"
    return ""


def _signed_text(root: Path, path: Path, step: str, by: str, steps, found,
                 story_kinds) -> tuple[str, bytes, list[str] | None]:
    """(site-relative path, the file's new bytes, reasons it is refused); None for a file that is no story."""
    rel = _relative(root, path)
    try:
        raw = path.read_bytes()
        source = parse_source(raw, rel)
    except OSError as exc:
        return rel, b"", [f"{rel}: 无法读取文件（{exc.strerror}）"]
    except LoadError as exc:
        return rel, b"", [str(exc.problem)]
    errors = [p for p in found if p.path == rel and p.is_error and p.code not in REVIEW_CODES]
    if errors:
        return rel, b"", [f"{rel}: 这篇稿件还有错误，改好之后才能审核："] + [f"  {p}" for p in sorted(set(errors))]
    if rel.split("/")[0] != "stories":
        return rel, b"", [f"{rel}: 不在 stories/ 下，不是本站的稿件"]
    if source.data.get("kind") not in story_kinds:
        return rel, b"", None
    state = review_state(source.data, source.body, steps)
    earlier = may_sign(state, step, steps)
    if earlier:
        return rel, b"", [f"{rel}: 不能签{step}：{earlier}还没有签（或签后稿件改过）；"
                          f"请先运行 jishi review {rel} --step {earlier} --by 姓名"]
    entry = review_entry(step, by.strip(), resolve_today().isoformat(), source.data, source.body)
    new = insert_review(raw, source, entry)
    if not _reads_back(new, rel, source, step, steps):
        return rel, b"", [f"{rel}: 无法在不改动其他内容的情况下写入审核记录（reviews 的写法不寻常）；"
                          "请删掉 reviews 里不是 jishi review 写的内容后再试"]
    return rel, new, []


def _relative(root: Path, path: Path) -> str:
    full, base = path.resolve(), root.resolve()
    return full.relative_to(base).as_posix() if full.is_relative_to(base) else path.as_posix()


def _reads_back(raw: bytes, rel: str, before, step: str, steps) -> bool:
    """The edited file has the same fields and body, and the new sign-off holds."""
    try:
        after = parse_source(raw, rel)
    except LoadError:
        return False
    same = ({k: v for k, v in after.data.items() if k != REVIEWS} == {k: v for k, v in before.data.items() if k != REVIEWS}
            and after.body == before.body)
    return same and step in review_state(after.data, after.body, steps).signed


_LINE = re.compile(r"[^\n]*\n|[^\n]+$")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def insert_review(raw: bytes, source, entry: dict) -> bytes:
    """raw with entry in its `reviews:` list (replacing that step's), every other line untouched."""
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    text = raw[len(bom):].decode("utf-8")
    newline = "\r\n" if "\r\n" in text.split("\n", 1)[0] + "\n" else "\n"
    lines = _LINE.findall(text)
    close = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    if lines[close - 1] and not lines[close - 1].endswith("\n"):
        lines[close - 1] += newline
    if REVIEWS not in source.data:
        lines[close:close] = [f"{REVIEWS}:{newline}"] + _entry_lines(entry, 2, newline)
        return bom + "".join(lines).encode("utf-8")
    key = source.positions[(REVIEWS,)][0] - 1
    end = _block_end(lines, key, close)
    starts = [source.positions[(REVIEWS, i)][0] - 1 for i in range(len(source.data[REVIEWS] or []))
              if (REVIEWS, i) in source.positions]
    flow = lines[key].split(":", 1)[1].split("#", 1)[0].strip()
    if flow or any(not lines[s].lstrip(" ").startswith("- ") for s in starts):
        entries = [e for e in source.data[REVIEWS] or [] if not (isinstance(e, dict) and e.get("step") == entry["step"])]
        block = [f"{REVIEWS}:{newline}"] + [ln for e in [*entries, entry] for ln in _entry_lines(e, 2, newline)]
        lines[key:end] = block
        return bom + "".join(lines).encode("utf-8")
    indent = len(lines[starts[0]]) - len(lines[starts[0]].lstrip(" ")) if starts else 2
    same = [i for i, e in enumerate(source.data[REVIEWS]) if isinstance(e, dict) and e.get("step") == entry["step"]]
    if same:
        i = same[-1]
        stop = _trim(lines, starts[i], starts[i + 1] if i + 1 < len(starts) else end)
        lines[starts[i]:stop] = _entry_lines(entry, indent, newline)
    else:
        at = _trim(lines, starts[-1], end) if starts else key + 1
        lines[at:at] = _entry_lines(entry, indent, newline)
    return bom + "".join(lines).encode("utf-8")


def _block_end(lines: list[str], key: int, close: int) -> int:
    """The line after the `reviews:` value (blank and comment lines after it excluded)."""
    end = key + 1
    while end < close and (not lines[end].strip() or lines[end][0] in " \t#-"):
        end += 1
    return _trim(lines, key + 1, end)


def _trim(lines: list[str], start: int, stop: int) -> int:
    """stop moved back over blank and comment lines, not before start + 1."""
    while stop > start + 1 and (not lines[stop - 1].strip() or lines[stop - 1].lstrip().startswith("#")):
        stop -= 1
    return stop


def _entry_lines(entry, indent: int, newline: str) -> list[str]:
    pad = " " * indent
    if not isinstance(entry, dict) or not entry:
        return [f"{pad}- {_flow(entry)}{newline}"]
    out = []
    for n, (k, v) in enumerate(entry.items()):
        out.append(f"{pad}{'- ' if n == 0 else '  '}{_key(k)}: {_flow(v)}{newline}")
    return out


def _key(k) -> str:
    return k if isinstance(k, str) and _PLAIN_KEY.fullmatch(k) else yaml_scalar(k)


def _flow(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return "null" if value is None else yaml_scalar(value)
