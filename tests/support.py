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
           "QuietHandler", "serve_directory", "english_lines"]

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
