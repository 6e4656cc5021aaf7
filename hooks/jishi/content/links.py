"""Links and images in bodies: part of the model, resolved before anything is built.

Every `<a href>` and `<img src>` a body renders to (Markdown or raw HTML; read
from the check's one render, jishi.content.body_html, as `SourceFile.links`) is
resolved the way MkDocs and then a browser would: a relative path naming a
file (`../teams/x.md`, `../images/a.jpg`) against the page's source file, any
other relative path against the page's URL, `/path` against the site root.
The result must be a page or file the build will really have (LinkTargets,
made by jishi.site.check from the planned pages and docs/): a dead target is
an error at the editor's file:line with the nearest slug suggested, a draft
or withdrawn one says so. A reference-style link whose label is not defined
is an error too (Markdown would print it as text).

Absolute links pass only as https:// to the site's own host or to a host the
site allows (mkdocs.yml `extra: allowed_link_hosts: [...]`). Whatever a
browser would read as another host is refused: `//host`, `/\\host`, `\\\\host`,
with tabs, newlines or other control characters anywhere in it.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from jishi.content.problems import NOTE, Problem

__all__ = ["LinkTargets", "BodyLink", "locate_links", "directory_url", "browser_url", "other_host", "link_problems",
           "label_problems"]

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Browsers drop these anywhere in a URL, and C0 controls and spaces at its ends.
_DROPPED = re.compile(r"[\t\n\r]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class LinkTargets:
    """What a body link may point to: the build's files and URLs, and what is withheld."""

    src_uris: set = field(default_factory=set)  # every file of the build, by source path
    served: set = field(default_factory=set)  # every site-relative URL ("stories/x/", "images/a.jpg")
    withheld: dict = field(default_factory=dict)  # URL -> (file, why) of an entry not published
    slugs: dict = field(default_factory=dict)  # URL prefix ("stories") -> published slugs
    host: str = ""  # the site's own host (from site_url)
    allowed_hosts: frozenset = frozenset()
    base_path: str = "/"
    faulty: dict = field(default_factory=dict)  # URL -> file of an entry left out because it has errors


@dataclass(frozen=True)
class BodyLink:
    """One link or image of a body, as rendered, with where it was written."""

    tag: str  # "a" or "img"
    url: str
    line: int
    col: int


def locate_links(source, found: list[tuple[str, str]]) -> list[BodyLink]:
    """The links and images of source's rendered body ((tag, url) in order, read by
    jishi.content.body_html), each at the line and column it was written."""
    lines = source.body.split("\n")
    cursor = [0, -1]
    out = []
    for tag, url in found:
        line, col = _locate(lines, url, cursor)
        out.append(BodyLink(tag, url, source.body_line + line, col + 1))
    return out


def _locate(lines: list[str], url: str, cursor: list) -> tuple[int, int]:
    """The next place url is written (0-based line, col), after the last one found.

    A reference definition ([label]: url) is found without moving on: the
    links using it are written elsewhere, in order.
    """
    for needle in (url, url[:20], unquote(url)):
        if not needle:
            continue
        for start in (cursor[0], 0):
            for i in range(start, len(lines)):
                col = lines[i].find(needle, cursor[1] + 1 if i == cursor[0] else 0)
                if col < 0:
                    continue
                if not _REF_DEF.match(lines[i]):
                    cursor[:] = [i, col]
                return i, col
    return cursor[0], max(cursor[1], 0)


def directory_url(rel: str) -> str:
    """The URL MkDocs gives a file under docs/ (use_directory_urls): a/b.md → a/b/, a/index.md → a/,
    index.md → "", any other file its own path. The one place this rule is written."""
    if not rel.endswith(".md"):
        return rel
    stem = rel[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def browser_url(url: str) -> str:
    """The URL as a browser reads it: ends stripped, tabs and newlines dropped, \\ as /."""
    url = _DROPPED.sub("", url.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"
                                     "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
    scheme = _SCHEME.match(url)
    if scheme is None or scheme.group(1).lower() in ("http", "https"):
        url = url.replace("\\", "/")  # so browsers treat it in http(s) URLs and relative ones
    return url


def other_host(url: str) -> bool:
    """Whether a browser would fetch url from another host than the page's (no scheme given)."""
    seen = browser_url(url)
    return seen.startswith("//") or bool(_CONTROL.search(seen))


def link_problems(entry, links: list[BodyLink], targets: LinkTargets) -> list[Problem]:
    """An error for every link or image of entry's body that does not resolve."""
    out = []
    for link in links:
        reason = _check(entry, link, targets)
        if reason:
            message, hint, *severity = reason
            code = "link-faulty" if severity else "link-dead"
            out.append(Problem(entry.path, link.line, link.col, "正文", message, hint, *severity, code=code))
    return out


def _check(entry, link: BodyLink, targets: LinkTargets):
    raw = link.url
    seen = browser_url(raw)
    what = "图片" if link.tag == "img" else "链接"
    if _CONTROL.search(seen):
        return (f"{what}网址里有看不见的控制字符或空白（'{_show(raw)}'）",
                "浏览器会把它读成别的网址；请删掉网址里的空白和控制字符")
    if seen.startswith("//"):
        if link.tag == "img":
            return None  # the HTML allowlist refuses every image from another host
        return (f"{what}网址 '{_show(raw)}' 会被浏览器当成另一个网站",
                "以 //、/\\ 或 \\\\ 开头的网址指向别的网站；站内链接写 ../网址名/ 或 /stories/网址名/")
    scheme = _SCHEME.match(seen)
    if scheme:
        if link.tag == "img":
            return None  # remote images: the HTML allowlist reports them
        return _absolute(entry, seen, scheme.group(1).lower(), targets)
    return _internal(entry, link.tag, seen, targets)


def _absolute(entry, url: str, scheme: str, targets: LinkTargets):
    if scheme not in ("http", "https"):
        return None  # mailto: passes; javascript: and the like are the HTML allowlist's
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    if host == targets.host and host and scheme == "https":
        # The site's own address, written in full: its page must exist like any other.
        return _internal(entry, "a", urlsplit(url)._replace(scheme="", netloc="").geturl() or "/", targets, url)
    if host in targets.allowed_hosts and scheme == "https":
        return None
    if scheme == "http":
        return (f"链接 '{_show(url)}' 用的是不加密的 http://", "请改用 https://；站内页面请写相对路径")
    return (f"链接指向其他网站 {host or '（无主机名）'}",
            "只有本站和 mkdocs.yml 的 extra: allowed_link_hosts 里列出的网站可以链接；"
            f"确需链接时，请把 {host} 加进这个列表")


def _internal(entry, tag: str, url: str, targets: LinkTargets, shown: str = ""):
    path = unquote(urlsplit(url).path)
    if not path:
        return None  # "#anchor" or "?query": this page
    site_path = _resolve(entry, path, targets)
    if site_path is not None:
        return None
    where = _browser_path(entry, path, targets.base_path)
    if path.endswith(".md") and not path.startswith("/"):  # MkDocs reads it as a page's source file
        src = posixpath.normpath(posixpath.join(posixpath.dirname(entry.src_uri), path))
        where = directory_url(src)
    faulty = targets.faulty.get(where) or targets.faulty.get(f"{where}/") if where is not None else None
    if faulty:  # told, failing nothing here: the error to fix is that file's
        return (f"链接指向的 {faulty} 有错误，改好之前它不会发布", "这里不用改；改好那个文件的错误，这个链接就能用了", NOTE)
    if where is not None and (where in targets.withheld or where + "/" in targets.withheld):
        path_of, why = targets.withheld.get(where) or targets.withheld[where + "/"]
        return (f"链接指向{why}（{path_of}）", "读者打不开它；请先去掉这个链接，等那篇发布后再加")
    if tag == "img":
        return (f"找不到图片文件 '{url}'", _image_hint(entry, path, targets))
    return (f"链接指向的页面不存在：'{shown or url}'", _page_hint(entry, where, targets))


def _resolve(entry, path: str, targets: LinkTargets) -> str | None:
    """The build's file or URL a link path reaches, as MkDocs and then a browser resolve it."""
    if not path.startswith("/"):
        src = posixpath.normpath(posixpath.join(posixpath.dirname(entry.src_uri), path))
        if src in targets.src_uris:
            return src
        if posixpath.splitext(path.rstrip("/"))[1]:
            return None  # MkDocs itself looks a file-like link up only this way
    where = _browser_path(entry, path, targets.base_path)
    if where is None:
        return None
    for candidate in (where, where + "/", where.removesuffix("index.html")):
        if candidate in targets.served:
            return candidate
    return None


def _browser_path(entry, path: str, base_path: str) -> str | None:
    """The site-relative path a browser on entry's page would request, None if outside the site."""
    if path.startswith("/"):
        full = path
        if base_path != "/" and full.startswith(base_path):
            full = "/" + full[len(base_path):]
    else:
        full = posixpath.join("/" + entry.url, path)
    normal = posixpath.normpath(full)
    if normal.startswith("//") or not normal.startswith("/"):
        return None
    normal = normal.lstrip("/")
    if normal == ".":
        normal = ""
    return normal + "/" if path.endswith("/") and normal else normal


def _page_hint(entry, where: str | None, targets: LinkTargets) -> str:
    from jishi.content.schema import closest  # late: schema imports the loader

    if where:
        prefix, _, rest = where.partition("/")
        slug = rest.strip("/").split("/")[0]
        guess = closest(slug, targets.slugs.get(prefix, ())) if slug else None
        page = f"{prefix}/{guess}/" if guess else closest(where, targets.served)
        if page:
            rel = posixpath.relpath("/" + page, "/" + entry.url) + ("/" if page.endswith("/") else "")
            return f"你是不是想写 '{rel}'（即 /{page}）？"
    return "请核对网址名；站内稿件的链接写成 ../网址名/，例如 ../zhang-song-xinsheng/"


def _image_hint(entry, path: str, targets: LinkTargets) -> str:
    """Where the editor probably meant: the docs/ file of that name, written relative to the story."""
    name = posixpath.normpath(path.lstrip("/"))
    for candidate in (name, "images/" + posixpath.basename(name)):
        if candidate in targets.src_uris:
            rel = posixpath.relpath(candidate, posixpath.dirname(entry.src_uri))
            return f"图片在 docs/{candidate}，正文里要写相对于稿件的路径：{rel}"
    return "请把图片放进 docs/images/，正文里写 ../images/文件名.jpg（大小写一致）"


def _show(url: str) -> str:
    shown = url.encode("unicode_escape").decode("ascii") if _CONTROL.search(url) else url
    return shown if len(shown) <= 60 else shown[:57] + "…"


_CODE_SPAN = re.compile(r"(`+).*?\1", re.S)
_REF_USE = re.compile(r"(?<!\\)(?<!!)\[([^\[\]\n]+)\]\[([^\[\]\n]*)\]|(?<!\\)!\[([^\[\]\n]*)\]\[([^\[\]\n]*)\]")
_REF_DEF = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*\S", re.M)


def label_problems(source) -> list[Problem]:
    """An error for every [text][label] (or [label][]) whose label is defined nowhere."""
    body = source.body
    if "][" not in body:
        return []
    defined = {_norm(m.group(1)) for m in _REF_DEF.finditer(body)}
    out = []
    fenced = False
    for n, line in enumerate(body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced or line.startswith(("    ", "\t")):
            continue
        text = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        for match in _REF_USE.finditer(text):
            words, label = (match.group(1), match.group(2)) if match.group(1) is not None else match.group(3, 4)
            key = _norm(label or words)
            if key and key not in defined:
                out.append(Problem(source.path, source.body_line + n, match.start() + 1, "正文",
                                   f"引用式链接的标签 [{label or words}] 没有定义",
                                   f"请在正文末尾加一行 [{label or words}]: 网址，或改成 [文字](网址)",
                                   code="link-label"))
    return out


def _norm(label: str) -> str:
    return " ".join(label.lower().split())
