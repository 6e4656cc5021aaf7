"""Helpers and constants the test layers share: paths, fixture sites, real builds, a static server.

Tests take the helpers through the fixtures of conftest.py (make_site,
mkdocs_build, jishi_cli) and tests/browser/conftest.py (serve); the constants
(ROOT, HOOKS, ALIASED) and run_env() are imported from here.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

__all__ = ["ROOT", "HOOKS", "ALIASED", "run_env", "mkdocs_build", "jishi_cli", "jishi_main", "make_site", "copy_real_site",
           "make_fresh_site", "property_test", "no_hang", "wait_until", "QuietHandler", "serve_directory", "english_lines"]

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / "hooks"
sys.path.insert(0, str(HOOKS))  # the working tree's jishi, whatever is installed


def run_env() -> dict:
    env = dict(os.environ, PYTHONPATH=str(HOOKS), NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8")
    return env


def mkdocs_build(site_root: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    """A real `mkdocs build --strict` of the site at site_root into out."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(site_root / "mkdocs.yml"),
         "-d", str(out), *extra],
        capture_output=True, text=True, env=run_env(), cwd=site_root, timeout=600,
    )


def jishi_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jishi", *args], capture_output=True, text=True,
                          env=run_env(), cwd=cwd, timeout=300)


def jishi_main(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """`jishi ARGS` in this process: jishi.cli.main, the console script's own function, from cwd.

    What jishi_cli gives, without starting Python: the same argument parsing
    (usage errors and --help leave through SystemExit, as they end the command),
    the exit status, stdout and stderr as text. stdin is empty and no terminal,
    as under CI; the environment the command changes (QUIET_ENV) is restored.
    """
    from jishi.cli import main

    out, err, env = io.StringIO(), io.StringIO(), dict(os.environ)
    stdin = sys.stdin
    try:
        sys.stdin = io.StringIO("")
        with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(list(args))
            except SystemExit as exc:
                status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.stdin = stdin
        os.environ.clear()
        os.environ.update(env)
    return subprocess.CompletedProcess(["jishi", *args], status, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def no_hang(what: str, seconds: int = 120):
    """Fail if the block has not ended after a generous timeout: a hang, not a speed (timings are bench/'s)."""
    import signal

    import pytest

    def expired(signum, frame):
        pytest.fail(f"{what}: still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def wait_until(predicate, what: str, timeout: float = 120, interval: float = 0.05):
    """predicate()'s first true value, asked every interval; fail after a generous timeout (never a speed)."""
    import time

    import pytest

    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


# A property test in the unit layer runs 1/UNIT_SHARE of its examples; tests/build/test_properties_full.py
# runs the same test with all of them.
UNIT_SHARE = 10


def property_test(full: int, *strategies, settings: dict | None = None, **named):
    """@given(*strategies, **named) with a budget of full examples: full // UNIT_SHARE (at least 1) here.

    The test it returns carries full_budget(): the same test with all full examples
    (and the same @example cases, parametrize marks and settings), which
    tests/build/test_properties_full.py collects. deadline is None unless settings says otherwise.
    """
    from hypothesis import given
    from hypothesis import settings as hypothesis_settings

    options = {"deadline": None, **(settings or {})}

    def decorate(test):
        def with_examples(examples: int):
            return hypothesis_settings(max_examples=examples, **options)(given(*strategies, **named)(test))

        unit = with_examples(max(1, full // UNIT_SHARE))

        def full_budget():
            whole = with_examples(full)
            whole.pytestmark = list(getattr(unit, "pytestmark", []))
            return whole

        unit.full_budget, unit.full_examples = full_budget, full
        return unit

    return decorate


def make_site(tmp: Path, stories: dict[str, str], with_base: bool = True) -> Path:
    """A small fixture site: the real mkdocs.yml and hooks, given story files.

    with_base copies the real entities (columns, teams, enterprises, people)
    so fixture stories can refer to them.
    """
    tmp.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("hooks/jishi_hook.py", str(HOOKS / "jishi_hook.py"))
    (tmp / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "docs", tmp / "docs", dirs_exist_ok=True)
    shutil.copy(ROOT / "jishi.yml", tmp / "jishi.yml")  # the real site's settings (share image, accent)
    (tmp / "docs").mkdir(exist_ok=True)
    if with_base:
        for group in ("columns", "teams", "enterprises", "people"):
            shutil.copytree(ROOT / "stories" / group, tmp / "stories" / group)
        # The entities' editor's notes quote the real stories (同版《到职工中去》…),
        # which a fixture site lacks; the notes lint would rightly flag them.
        for path in (tmp / "stories").glob("*/*.md"):
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(r"(?m)^derived:\n(?:  .*\n)+", "", text), encoding="utf-8")
    for rel, text in stories.items():
        path = tmp / "stories" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        path.write_bytes(data)
    return tmp


ALIASED = """---
kind: commentary
slug: xin-pinglun
title: 新的点评
author: li-shuyong
author_role: 测试职务
column: hugen
date: "2018-03-05"
summary: 这是一篇用于测试的点评，有完整日期和旧网址。
aliases: [jiu-pinglun]
---
第一段。

第二段。
"""


def copy_real_site(dest: Path, site_url: str) -> Path:
    """The real site's sources with another site_url."""
    make_site(dest, {}, with_base=False)
    shutil.copytree(ROOT / "stories", dest / "stories", dirs_exist_ok=True)
    shutil.copy(ROOT / "urls.txt", dest / "urls.txt")
    config = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {site_url}", config),
                                     encoding="utf-8")
    return dest


# A fresh `jishi init` site's stories: one of each kind, every entity, one retracted story.
FRESH_STORIES = {
    "columns/fengcai.md": 'kind: column\nslug: fengcai\nname: 志愿风采\norder: 1\n',
    "enterprises/xingfuli.md": 'kind: enterprise\nslug: xingfuli\nname: 幸福里社区居民委员会\nshort_name: 幸福里社区\n',
    "teams/xingfuli-team.md": 'kind: team\nslug: xingfuli-team\nname: 幸福里社区志愿服务队\nenterprise: xingfuli\n'
                              'members: [wang-fang]\n',
    "people/wang-fang.md": 'kind: person\nslug: wang-fang\nname: 王芳\n',
    "people/li-ming.md": 'kind: person\nslug: li-ming\nname: 李明\n',
    "case/chongyang.md": 'kind: case\nslug: chongyang\ntitle: 重阳节里的敬老志愿服务活动\nteam: xingfuli-team\n'
                         'author_team: xingfuli-team\nenterprise: xingfuli\ndate: "2024-10-11"\ncolumn: fengcai\n'
                         'summary: 重阳节当天，志愿者走进社区活动中心，为老人理发、测血压、陪老人聊天。\n---\n'
                         '重阳节当天，幸福里社区志愿服务队的二十多名志愿者走进社区活动中心。'
                         '详见[志愿者王芳的心声](../wang-fang-xinsheng/)。\n\n'
                         '志愿者们为老人理发、测血压，还陪老人聊天，活动持续了一整个上午。\n',
    "commentary/li-ming-pinglun.md": 'kind: commentary\nslug: li-ming-pinglun\ntitle: 让志愿服务成为社区的日常\n'
                                     'author: li-ming\nauthor_role: 社区工作者\ncolumn: fengcai\ndate: "2024-10"\n---\n'
                                     '志愿服务贵在坚持。一次活动容易，常年坚持不易。\n',
    "testimonial/wang-fang-xinsheng.md": 'kind: testimonial\nslug: wang-fang-xinsheng\nspeaker: wang-fang\n'
                                         'speaker_role: 社区志愿者\ncolumn: fengcai\nteam: xingfuli-team\ndate: "2024"\n'
                                         '---\n每周六上午，我们都到社区活动中心陪老人聊天。\n',
    "photo/wang-fang-photo.md": 'kind: photo\nslug: wang-fang-photo\ncaption: 志愿者王芳为老人测血压\n'
                                'alt: 志愿者王芳为一位老人测量血压的照片\npeople: [wang-fang]\ndate: "2024"\n',
    "photo/li-ming-photo.md": 'kind: photo\nslug: li-ming-photo\ncaption: 社区工作者李明与志愿者合影\n'
                              'alt: 社区工作者李明与志愿者在活动中心合影的照片\npeople: [li-ming]\ndate: "2024"\n',
    "voices/shengyin.md": 'kind: voices\nslug: shengyin\ntitle: 居民说\ndate: "2024"\nitems:\n'
                          '  - {who: 居民张阿姨, text: 志愿者每周都来，像自家孩子一样。}\n'
                          '  - {who: 居民老刘, text: 理发、测血压都不用出小区了。}\n',
    "figures/shuzi.md": 'kind: figures\nslug: shuzi\ntitle: 一年来的数字\ndate: "2024"\nitems:\n'
                        '  - {label: 服务时长, value: 1200, unit: 小时, qualifier: 余}\n'
                        '  - {label: 志愿者, value: 86, unit: 名}\n  - {label: 服务老人, value: 310, unit: 人次}\n',
    "changes/bianhua.md": 'kind: changes\nslug: bianhua\ntitle: 变化\ndate: "2024"\nitems:\n'
                          '  - 老人们有了固定的聊天伙伴\n  - 社区活动中心每周开放\n',
    "commentary/chehui.md": 'kind: commentary\nslug: chehui\ntitle: 一篇撤回的点评\nauthor: li-ming\n'
                            'author_role: 社区工作者\ncolumn: fengcai\ndate: "2024-09"\n'
                            'retracted: {date: "2024-10-01", reason: 应当事人要求撤回}\n---\n已撤回的正文。\n',
}


def make_fresh_site(dest: Path, *init_args: str) -> Path:
    """A site made by `jishi init` (no options unless given), with FRESH_STORIES and its slugs published."""
    result = jishi_cli("init", dest.name, "--name", "社区志愿服务纪实", *init_args, cwd=dest.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    for rel, text in FRESH_STORIES.items():
        path = dest / "stories" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        head, _, body = text.partition("---\n")
        path.write_text(f"---\n{head}---\n{body}", encoding="utf-8")
    return dest


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_directory(directory: Path):
    """Serve directory on 127.0.0.1 on a free port; returns (base_url, server)."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def pagefind_records(bundle: Path) -> list[dict]:
    """Every page record of a Pagefind bundle (url, text, meta, filters), decoded, sorted by URL."""
    records = []
    for path in (bundle / "fragment").rglob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        records.append(json.loads(data[len(b"pagefind_dcd"):]))
    return sorted(records, key=lambda r: r["url"])


# What an editor may read in Latin letters inside a Chinese message: names and
# terms, not sentences. Commands, options, paths, URLs, quoted values and
# identifiers (field names, slugs) are code and are removed before the rule.
_NAMES = re.compile(r"\b(?:MkDocs|Material|Word|WPS|PDF|JSON Schema|JSON|Front Matter CMS|UTF-8|GBK|GB18030|TODO|"
                    r"Ctrl|Enter|EXIF|GPS|XMP|ICP|Pagefind|Chromium|Markdown|YAML|HTML|CSS|SVG|URL|QR)\b")
_CODE = [
    re.compile(r"\b[a-z][a-z0-9+.-]*://\S*"),  # URLs
    # A command line: the command, up to two subcommand words, then options, [optional parts], paths.
    re.compile(r"\b(?:jishi|mkdocs|python3?|pip)\b(?:[ ]+[a-z][\w-]*){0,2}"
               r"(?:[ ]+(?:-[-\w=]+|\[[^\]]*\]|\{[^}]*\}|\S*[/.]\S*|\.\.\.|…))*"),
    re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|“[^”]*”|‘[^’]*’|\{[^}]*\}"),  # quoted values, {choice,choice}
    re.compile(r"(?<!\S)-{1,2}[A-Za-z][\w-]*"),  # options
    re.compile(r"[^\s：，。；（）“”、]*(?:[/\\]|\.(?=\w))[^\s：，。；（）“”、]*"),  # paths, file names, dotted field paths
    re.compile(r"\b\w*[_\d]\w*\b|\b[a-z]+(?:-[a-z0-9]+)+\b"),  # identifiers: snake_case, digits, kebab-case slugs
    re.compile(r"^\s+[a-z][\w-]*$"),  # a name alone on an indented line (help lists a subcommand so when it is long)
]
_WORD = re.compile(r"[A-Za-z]{3,}")
_PHRASE = re.compile(r"[A-Za-z]{2,}(?:[ ,;:]+[A-Za-z]{2,}){2,}")
# A placeholder in capitals where help shows a value: --root ROOT, a positional DIR.
_PLACEHOLDER = re.compile(r"(?:(?<!\S)-{1,2}[A-Za-z][\w-]*[ =]|\]\s+|^\s+)"
                          r"(?!(?:JSON|PDF|TODO|UTF|GBK|ICP|QR|URL|HTML|CSS|SVG|YAML|EXIF|GPS|WPS|CMS)\b)[A-Z]{2,}\b")


def english_lines(text: str) -> list[str]:
    """The lines of text an editor would read as English.

    A line is English when, with names and code taken out (the commands,
    options, paths, URLs, quoted values, field names and slugs it quotes, and
    terms such as MkDocs, Word, UTF-8), either its letters are all ASCII and a
    word of three letters or more is left, or three Latin words in a row are
    left anywhere in it (a phrase left untranslated inside a Chinese line),
    or help shows a value's placeholder in capitals (--root ROOT).
    """
    found = []
    for line in text.splitlines():
        prose = _NAMES.sub(" ", line)
        for pattern in _CODE:
            prose = pattern.sub(" ", prose)
        all_ascii = not re.search(r"[^\x00-\x7f]", line)
        if (all_ascii and _WORD.search(prose)) or _PHRASE.search(prose) or _PLACEHOLDER.search(line):
            found.append(line)
    return found


def jpeg_with_gps() -> bytes:
    """A small JPEG carrying a camera make and a GPS position (Wuhan) in its EXIF."""
    import io

    from PIL import ExifTags, Image

    img = Image.new("RGB", (64, 48), (200, 40, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (30.0, 35.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (114.0, 18.0, 1.0)
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    return buf.getvalue()


# --- Front matter broken field by field: every field of every kind, from the schema ---------------
#
# A fixture site with a schema/ folder of its own (an added kind, added fields of every shape),
# one valid file per kind made from the schema itself, and the ways an editor gets a value
# wrong. tests/unit/test_every_field.py runs `jishi check` on them, tests/build/test_every_field_build.py
# real builds and the preview.

SITE_SCHEMA = {
    "event.yaml": """title: 活动
description: 一次活动的记录。
required: [title, place]
properties:
  title:
    title: 活动名称
    $ref: urn:jishi:schema:common#/$defs/text
  place:
    title: 地点
    type: string
    minLength: 1
  host:
    title: 主持人
    $ref: urn:jishi:schema:common#/$defs/ref
    x-ref: person
  guests:
    title: 嘉宾
    type: array
    items:
      $ref: urn:jishi:schema:common#/$defs/ref
      x-ref: person
  headcount:
    title: 参加人数
    type: integer
    minimum: 1
  online:
    title: 线上举办
    type: boolean
  rating:
    title: 满意度
    type: number
    minimum: 0
    maximum: 100
  tags:
    title: 标签
    type: array
    items:
      type: string
      minLength: 1
  schedule:
    title: 日程
    type: object
    properties:
      start:
        title: 开始
        type: string
      end:
        title: 结束
        type: string
    additionalProperties: false
""",
    "case.yaml": """properties:
  photographer:
    title: 摄影
    $ref: urn:jishi:schema:common#/$defs/ref
    x-ref: person
  words:
    title: 字数
    type: integer
    minimum: 0
""",
    "team.yaml": """title: 服务队
properties:
  location:
    title: 服务地点
    type: string
    minLength: 1
  partners:
    title: 合作企业
    type: array
    items:
      $ref: urn:jishi:schema:common#/$defs/ref
      x-ref: enterprise
""",
}

# A slug of each entity kind that the fixture site has (make_site's real entities).
KNOWN_REFS = {"person": "zhang-song", "team": "wit-team", "enterprise": "wit", "column": "nuanxin"}
# Written only when perturbed: a retracted story is another kind of page (jishi/retracted.html).
NOT_IN_BASE = {"retracted"}
REMOVED = object()  # the perturbation that deletes the field
PERTURBATIONS = ("int", "bool", "float", "dict", "list", "text", "unknown-ref", "empty", "null", "huge",
                 "nested", "removed")


def every_field_site(tmp: Path) -> Path:
    """make_site with the real entities, SITE_SCHEMA as its schema/ folder and a photo in docs/images/."""
    from PIL import Image

    make_site(tmp, {})
    (tmp / "schema").mkdir(exist_ok=True)
    for name, text in SITE_SCHEMA.items():
        (tmp / "schema" / name).write_text(text, encoding="utf-8")
    (tmp / "docs" / "images").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), (40, 90, 160)).save(tmp / "docs" / "images" / "p.png")
    return tmp


def every_field(schema) -> list[tuple[str, str]]:
    """(kind, field) for every property of every kind the schema has, in schema order."""
    return [(kind, name) for kind, ks in schema.kinds.items() for name in ks.properties]


def valid_value(prop: dict, n: int):
    """A valid value for a property, made from its schema (REMOVED when none can be made)."""
    if "const" in prop:
        return prop["const"]
    if "enum" in prop:
        return prop["enum"][0]
    if prop.get("x-ref"):
        return KNOWN_REFS[prop["x-ref"]]
    kind = prop.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    if kind == "array":
        item = valid_value(prop.get("items") or {}, n)
        return [] if item is REMOVED else [item]
    if kind == "object":
        inner = prop.get("properties")
        if inner:
            values = {k: v for k, v in ((k, valid_value(v, n)) for k, v in inner.items()) if v is not REMOVED}
            return values if set(prop.get("required", ())) <= set(values) else REMOVED
        extra = valid_value(prop["additionalProperties"], n) if isinstance(prop.get("additionalProperties"), dict) \
            else REMOVED
        return {} if extra is REMOVED else {"note": extra}
    if kind in ("integer", "number"):
        return max(int(prop.get("minimum", 1)), 1) + (0 if kind == "integer" else 0.5)
    if kind == "boolean":
        return False
    pattern = prop.get("pattern")
    if pattern:
        fits = [c for c in (f"p{n}-old", "2017", "2024-05-01", "images/p.png") if re.fullmatch(pattern, c)]
        return fits[0] if fits else REMOVED
    return f"第{n}号测试文字"


def valid_front_matter(schema, kind: str, n: int) -> dict:
    """A valid file of kind, every property the schema gives it filled (NOT_IN_BASE aside), slug p<n>."""
    ks = schema.kinds[kind]
    data = {}
    for name, prop in ks.properties.items():
        value = valid_value(prop, n)
        if name not in NOT_IN_BASE and value is not REMOVED:
            data[name] = value
    data["slug"] = f"p{n}"
    return data


def is_many(prop: dict) -> bool:
    return prop.get("type") == "array" or (isinstance(prop.get("type"), list) and "array" in prop["type"])


def perturbation(how: str, prop: dict, n: int):
    """A hypothesis strategy for one wrong value of a property (REMOVED: the field deleted)."""
    from hypothesis import strategies as st

    scalars = st.one_of(st.integers(), st.booleans(), st.floats(), st.text(max_size=12), st.none())
    unknown = f"nobody-{n}"
    many = is_many(prop)
    values = {
        "int": st.integers(min_value=-10**30, max_value=10**30),
        "bool": st.booleans(),
        "float": st.floats(),
        # (a key holding ": " would make the field in a message ambiguous to read back, not to jishi)
        "dict": st.dictionaries(st.text(max_size=6).filter(lambda key: ": " not in key), scalars, min_size=1,
                                max_size=3),
        "list": st.lists(scalars, max_size=4),
        "text": st.text(max_size=40),
        "unknown-ref": st.just([KNOWN_REFS["person"], unknown] if many else unknown),
        "empty": st.just(""),
        "null": st.none(),
        # 15 KB of text (read, then refused or kept by the schema); 75 KB (over the loader's 64 KB)
        "huge": st.sampled_from([f"第{n}号" + "长" * 5_000, f"第{n}号" + "长" * 25_000, 10**40, [unknown] * 500,
                                 {f"k{i}": "值" for i in range(500)}]),
        "nested": st.sampled_from([{"nested": {"deeper": [unknown]}}, [[unknown, [unknown]]], [{"a": {"b": 1}}]]),
        "removed": st.just(REMOVED),
    }
    return values[how]


def write_story(root: Path, schema, kind: str, n: int, changes: dict) -> tuple[str, dict]:
    """A valid file of kind (slug p<n>) with changes applied (REMOVED deletes a field); (path, front matter)."""
    from jishi.content.model import folder_of

    data = valid_front_matter(schema, kind, n)
    for name, value in changes.items():
        if value is REMOVED:
            data.pop(name, None)
        else:
            data[name] = value
    rel = f"stories/{folder_of(kind)}/p{n}.md"
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(front_matter_file(data, f"第{n}号稿件的正文。"), encoding="utf-8")
    return rel, data


def write_all(root, schema, value_of) -> dict:
    """One file per (kind, field), that field set to value_of(kind, name, prop, n); {path: (kind, field, data)}."""
    files = {}
    for n, (kind, name) in enumerate(every_field(schema)):
        value = value_of(kind, name, schema.kinds[kind].properties[name], n)
        rel, data = write_story(root, schema, kind, n, {name: value})
        files[rel] = (kind, name, data)
    return files


def check_every_field(root, capsys) -> tuple[int, list[str]]:
    from jishi.cli import main

    status = main(["check", "--root", str(root)])
    out, err = capsys.readouterr()
    assert err == "", err
    lines = [line for line in out.splitlines() if not line.startswith(("共 ", "检查通过："))]
    return status, lines


def refers_to_nothing(kind: str, name: str, prop: dict, value) -> bool:
    """A reference field given a slug no file has (our unknown ones are all nobody-…)."""
    target = prop.get("x-ref") or (prop.get("items") or {}).get("x-ref")
    values = value if isinstance(value, list) else [value]
    return bool(target) and any(isinstance(v, str) and v.startswith("nobody-") for v in values)


def assert_each_broken_file_named(root, schema, capsys, files: dict) -> None:
    """`jishi check` on the files write_all wrote: only problem lines, each blaming a broken file's own field;
    every file the schema refuses, or whose reference names nothing, among the errors; exit 1 exactly then."""
    status, lines = check_every_field(root, capsys)
    errors: dict[str, list[str]] = {}
    for line in lines:
        match = PROBLEM_LINE.match(line)
        assert match, f"not a problem line: {line[:300]}"
        assert match["path"] in files, f"a file that was not broken is blamed: {line[:300]}"
        kind, name, _ = files[match["path"]]
        if match["severity"] == "提示":
            assert "没有任何稿件提到这个" in line, line[:300]
            continue
        assert blames(match["field"] or "", name), f"{kind}.{name} broken, but: {line[:300]}"
        if match["severity"] is None:
            errors.setdefault(match["path"], []).append(line)
    assert status == (1 if errors else 0)
    for path, (kind, name, front) in files.items():
        ks = schema.kinds[kind]
        value = front.get(name, REMOVED)
        if not ks.validator.is_valid(front) or refers_to_nothing(kind, name, ks.properties[name], value):
            assert path in errors, f"{kind}.{name} = {str(value)[:80]!r} is wrong, yet nothing says so"


def front_matter_file(data: dict, body: str) -> str:
    """A Markdown file with data as its YAML front matter."""
    import yaml

    head = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n{head}---\n{body}\n"


# One line of `jishi check`: path:line:col: [警告: |提示: ]field: message (the field is what
# comes before the first ": "; it may hold a key the editor typed, people.1, derived.日期).
PROBLEM_LINE = re.compile(r"^(?P<path>[^\s:]+\.md):(?P<line>\d+):(?P<col>\d+): (?:(?P<severity>警告|提示): )?"
                          r"(?:(?P<field>.*?): )?(?P<message>\S.*)$")


def blames(field: str, name: str) -> bool:
    """Whether a problem's field is the field name or inside it (people.1, retracted.date, author/author_team)."""
    return any(part.split(".")[0] == name for part in field.split("/"))


# --- A built site to deploy (tests/unit/test_deploy.py, tests/build/test_deploy_servers.py) ---

DEPLOY_SITE = {
    "index.html": "<!doctype html><title>首页</title>",
    "404.html": "<!doctype html><title>找不到</title>",
    "stories/a/index.html": "<!doctype html><title>甲</title><link href='../../assets/jishi/jishi.1a2b3c4d.css'>",
    "stories/a/qr.png": b"\x89PNG\r\n\x1a\n-a",
    "stories/b/index.html": "<!doctype html><title>乙</title>",
    "images/工会.webp": b"RIFF-webp",
    "assets/jishi/jishi.1a2b3c4d.css": "body{color:#333}",
    "assets/javascripts/bundle.a5f9d56c.min.js": "console.log(1)",
    "pagefind/pagefind-entry.json": '{"version":"1.5.2"}',
    "pagefind/pagefind.js": "export{}",
    "pagefind/jishi-fold.json": "{}",
    "pagefind/wasm.unknown.pagefind": b"\0asm",
    "pagefind/index/e6f9f4/0.pf_index": b"\x1f\x8bindex",
    "pagefind/fragment/247257/0.pf_fragment": b"\x1f\x8bfragment",
    "feed.xml": "<feed/>",
    "sitemap.xml": "<urlset/>",
}


def write_site(site: Path, files: dict) -> Path:
    for rel, data in files.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return site


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def deploy_settings(root: Path, deploy: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "jishi.yml").write_text(f"deploy: {deploy}\n", encoding="utf-8")
    return root


def change_one_story(site: Path) -> None:
    """A story edited: its page, a new stylesheet name (the old one goes), the search entry."""
    (site / "stories/a/index.html").write_text("<!doctype html><title>甲（改）</title>"
                                               "<link href='../../assets/jishi/jishi.99aa77bb.css'>", encoding="utf-8")
    (site / "assets/jishi/jishi.1a2b3c4d.css").rename(site / "assets/jishi/jishi.99aa77bb.css")
    (site / "pagefind/pagefind-entry.json").write_text('{"version":"1.5.2","n":2}', encoding="utf-8")


def deploy(root: Path, site: Path, lines: list | None = None, **kw):
    from jishi.editor.deploy import deploy_site

    return deploy_site(root, site, say=(lines.append if lines is not None else lambda _: None), **kw)


def assert_in_order(writes) -> None:
    """Assets, then pages, then entry files, then deletions: never a page before a file it names."""
    from jishi.editor.deploy.plan import group_of

    rank = [3 if action == "delete" else group_of(rel) for action, rel in writes]
    assert rank == sorted(rank), writes


# --- The campaign's seed text and a story for lints (tests/unit/test_lint.py, tests/build/test_lint_build.py) ---

SEED = ROOT / "sources" / "000_7b75013789eb843c.txt"


def seed(n: int) -> str:
    """Line n (1-based) of the seed, as extracted."""
    return SEED.read_text(encoding="utf-8").split("\n")[n - 1].strip()


def lint_story(body: str, slug: str = "x") -> str:
    """A story with no references, so only the body is under test."""
    return f'---\nkind: changes\nslug: {slug}\ndate: "2017"\ntitle: 变化\nitems: [一]\n---\n{body}\n'
