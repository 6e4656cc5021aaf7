"""Published URLs are a promise: every one must still be served.

The list of published URLs comes from a committed ``urls.txt`` (one
site-relative path per line, ``#`` starts a comment) or from a previous
build's ``sitemap.xml``. A URL no longer served, as a page or as a redirect
from an old slug, is an error naming the list's file and line, with the
two real ways to keep it: the ``aliases:`` line in the file that took the page
over (named only when git shows that file had the old slug), or a retraction.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as etree
from pathlib import Path
from urllib.parse import urlparse

from jishi.site.feed import FEED_PATH
from jishi.content.model import STORY_KINDS, URL_PREFIX, Site
from jishi.site.plan import directory_url, plan_pages, plan_redirects
from jishi.content.problems import Problem
from jishi.site.share import QR_NAMES, qr_entries

__all__ = ["URLS_FILE", "published_urls_file", "read_published_urls", "served_urls",
           "current_urls", "check_published_urls", "check_site_urls", "docs_urls", "format_urls_file"]

URLS_FILE = "urls.txt"
SITEMAP = "site/sitemap.xml"
_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def published_urls_file(root: Path, sources=(URLS_FILE, SITEMAP)) -> Path | None:
    """The list of published URLs at hand: urls.txt, else a previous build's sitemap."""
    for rel in sources:
        if (Path(root) / rel).is_file():
            return Path(root) / rel
    return None


def _normal(url: str, base_path: str) -> str:
    """'/sub/stories/x/' or 'https://host/sub/stories/x/' → '/stories/x/' for base '/sub/'."""
    path = urlparse(url).path if "://" in url else url
    path = "/" + path.lstrip("/")
    if base_path != "/" and path.startswith(base_path):
        path = "/" + path[len(base_path):]
    return path


def read_published_urls(path: Path, base_path: str = "/") -> list[tuple[str, int]]:
    """(site-relative URL, line) for every published URL listed in path."""
    text = Path(path).read_text(encoding="utf-8")
    if Path(path).suffix == ".xml":
        locs = [el.text.strip() for el in etree.fromstring(text).iter(f"{_SITEMAP_NS}loc") if el.text]
        return [(_normal(u, base_path), 0) for u in locs]
    found = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if line:
            found.append((_normal(line, base_path), n))
    return found


def current_urls(site: Site, site_name: str = "") -> list[str]:
    """Every page URL the site serves now, plus the feed: the next urls.txt."""
    return ["/" + p.url for p in plan_pages(site, site_name)] + ["/" + FEED_PATH]


def served_urls(site: Site, pages=None) -> set[str]:
    """Every URL a reader can arrive at: pages, redirects, feed, sitemap, QR codes.

    pages: the build's plan (pages and redirects), planned here if not given.
    """
    pages = plan_pages(site) + plan_redirects(site) if pages is None else pages
    served = {"/" + p.url for p in pages} | {"/" + FEED_PATH}
    served |= {"/sitemap.xml", "/sitemap.xml.gz", "/404.html"}
    served |= {f"/{e.url}{name}" for e in qr_entries(site) for name in QR_NAMES}
    return served | {u + "index.html" for u in served if u.endswith("/")}


def check_published_urls(site: Site, published: list[tuple[str, int]], list_path: str,
                         also_served: set[str] = frozenset(), pages=None, root: Path | None = None) -> list[Problem]:
    """An error for every published URL the site would no longer serve (pages: see served_urls).

    root: the site's folder, whose git history is the evidence for a rename.
    """
    served = served_urls(site, pages) | set(also_served)
    problems = []
    for url, line in published:
        if url in served:
            continue
        problems.append(Problem(list_path, line, 1 if line else 0, "", f"已发布的网址 {url} 不再有页面",
                                _hint(site, url, root), code="url-removed"))
    return problems


def docs_urls(docs_dir: Path) -> set[str]:
    """URLs of the hand-written files under docs/ (directory URLs, as MkDocs makes them)."""
    urls = set()
    for path in Path(docs_dir).rglob("*") if Path(docs_dir).is_dir() else []:
        rel = path.relative_to(docs_dir).as_posix()
        if not path.is_file() or any(part.startswith(".") for part in rel.split("/")):
            continue
        urls.add("/" + directory_url(rel))
    return urls


def check_site_urls(root: Path, site: Site, site_url: str, path: Path | None = None,
                    sources=(URLS_FILE, SITEMAP), also_served: set[str] = frozenset(),
                    pages=None) -> list[Problem]:
    """Check site against path, or the first of sources found under root.

    also_served: site-relative URLs served by other means (hand-written pages);
    pages: the build's plan (see served_urls).
    """
    root = Path(root)
    path = path or published_urls_file(root, sources)
    if path is None:
        return []
    base_path = urlparse(site_url or "/").path or "/"
    published = read_published_urls(path, base_path.rstrip("/") + "/")
    try:
        shown = Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = str(path)
    return check_published_urls(site, published, shown, also_served, pages, root)


RETRACT = 'retracted: {date: "YYYY-MM-DD", reason: "撤稿原因"}'


def _hint(site: Site, url: str, root: Path | None = None) -> str:
    """The two real ways to keep a published URL: an alias in the file that took the
    page over (named only on evidence), or a retraction. Never a look-alike slug."""
    parts = url.strip("/").split("/")
    namespace = {v: k for k, v in URL_PREFIX.items()}.get(parts[0])
    if namespace is None or len(parts) != 2:
        return "已发布的网址不能取消；请恢复这个页面"
    old = parts[1]
    withheld = next((e for e in [*site.drafts, *site.hidden] if e.namespace == namespace and e.slug == old), None)
    if withheld is not None and namespace == "story" and withheld.get("draft"):
        return (f"{withheld.path} 已发布过，不能改回草稿；要撤下，请把 draft: true 换成 {RETRACT}，"
                "网址会显示“本文已撤回”")
    if withheld is not None and namespace != "story":
        return ("这个页面随着提到它的稿件不再发布而消失了；如果那篇稿件是有意撤下的，"
                f"请在那篇稿件里写 {RETRACT}（不要删除或改回草稿），这个网址会显示“本页已撤下”")
    renamed = _renamed_file(site, namespace, old, root)
    if renamed is not None:
        return (f"{renamed.path} 原来的网址名是 {old}（见 git 记录），现在是 {renamed.slug}："
                f"如果是改名，请在 {renamed.path} 中加上 aliases: [{old}]，旧链接就会跳转到 /{renamed.url}；"
                f"如果是有意撤稿，请把网址名改回 {old} 并写上 {RETRACT}")
    deleted = _file_in_git(namespace, old, root)
    where = f"（git 记录里它是 {deleted}）" if deleted else ""
    return (f"如果改了网址名，请在改名后的文件中加上 aliases: [{old}]；"
            f"如果是有意撤稿，请恢复原文件{where}并写上 {RETRACT}，不要删除文件")


def _renamed_file(site: Site, namespace: str, old: str, root: Path | None):
    """The published entry whose file had slug `old` in the last commit, if git says so."""
    path = _file_in_git(namespace, old, root)
    if path is None:
        return None
    return next((e for e in site.entries() if e.path == path and e.slug != old), None)


def _file_in_git(namespace: str, old: str, root: Path | None) -> str | None:
    """The file under stories/ that had `slug: old` at HEAD (None without git or a match)."""
    if root is None or not re.fullmatch(r"[a-z0-9-]+", old):
        return None
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "grep", "-l", "-E", rf"^slug:[[:space:]]*['\"]?{old}['\"]?[[:space:]]*$",
             "HEAD", "--", "stories"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    for line in result.stdout.splitlines() if result.returncode == 0 else []:
        path = line.split(":", 1)[1] if line.startswith("HEAD:") else line
        kind = _kind_in_git(root, path)
        if kind is not None and ("story" if kind in STORY_KINDS else kind) == namespace:
            return path
    return None


def _kind_in_git(root: Path, path: str) -> str | None:
    try:
        text = subprocess.run(["git", "-C", str(root), "show", f"HEAD:{path}"], capture_output=True,
                              text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"^kind:[ \t]*['\"]?([a-z]+)", text, re.M)
    return match.group(1) if match else None


def format_urls_file(urls: list[str]) -> str:
    """The text of urls.txt: a Chinese header comment, then one URL per line."""
    head = ("# 已发布的网址（相对于 site_url）。这些网址承诺永久有效：\n"
            "# jishi check 会核对每一个仍有页面或旧网址跳转（aliases:）。\n"
            "# 发布新稿件后运行 jishi urls --write 更新本文件并提交。\n")
    return head + "".join(u + "\n" for u in sorted(set(urls)))
