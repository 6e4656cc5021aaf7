"""Helpers and constants the test layers share: paths, fixture sites, real builds, a static server.

Tests take the helpers through the fixtures of conftest.py (make_site,
mkdocs_build, jishi_cli) and tests/browser/conftest.py (serve); the constants
(ROOT, HOOKS, ALIASED) and run_env() are imported from here.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

__all__ = ["ROOT", "HOOKS", "ALIASED", "run_env", "mkdocs_build", "jishi_cli", "make_site", "copy_real_site",
           "make_fresh_site", "QuietHandler", "serve_directory", "english_lines"]

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
