"""Raw HTML in story bodies: an allowlist, enforced by rejection, not by stripping.

Editors paste from Word, WeChat and web pages. Whatever a body renders to is
run through nh3 (ammonia) with jishi's allowlist; anything nh3 would remove (a
<script>, an onerror=, a javascript: link, a <style>, an HTML comment) is
reported as an error at the line it was written on, so the editor knows and
nothing they wrote is dropped silently. Images must come from the site itself.

The body is rendered with Python-Markdown first, with the extensions the site
uses, because Markdown itself can make links ([x](javascript:…)) and, through
attr_list, attributes ({onclick=…}). A story body is rendered once, by
jishi.content.body_html, for this allowlist and the link check together.
"""

from __future__ import annotations

import html as htmlmod
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown
import nh3

from jishi.content.links import other_host
from jishi.content.problems import Problem

__all__ = ["ALLOWED_TAGS", "ALLOWED_ATTRIBUTES", "URL_SCHEMES", "MARKDOWN_EXTENSIONS", "Finding", "Inventory",
           "clean_html", "find_unsafe_html", "find_unsafe_in_html", "find_unsafe_urls", "locate_findings", "unsafe_url"]

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul",
})
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# The extensions of the campaign's mkdocs.yml plus MkDocs' defaults, for loads outside a site's
# check (a site's check renders with its own: jishi.site.check.site_markdown).
MARKDOWN_EXTENSIONS = ["attr_list", "md_in_html", "tables", "fenced_code", "toc"]
_URL_ATTRS = {"href", "src"}
_LINKING = {"a": "href", "img": "src"}
_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.I)


@dataclass(frozen=True)
class Finding:
    """One unsafe thing in a body: what it is, and text to find it by."""

    message: str
    hint: str
    needle: str


class Inventory(HTMLParser):
    """Every start tag, attribute and comment of an HTML fragment, and its links and
    images in order (`urls`: ("a", href) and ("img", src), what the link check reads)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.html = html
        self.tags: Counter = Counter()
        self.attrs: Counter = Counter()
        self.images: list[str] = []
        self.urls: list[tuple[str, str]] = []
        self.comments: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        key = _LINKING.get(tag)
        for name, value in attrs:
            self.attrs[(tag, name, value or "")] += 1
            if name == key and value is not None:
                self.urls.append((tag, value))
            if tag == "img" and name == "src":
                self.images.append(value or "")

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.comments.append(data)


def clean_html(html: str) -> str:
    """html with everything the allowlist refuses taken out (what the checks compare against)."""
    return nh3.clean(html, tags=set(ALLOWED_TAGS), attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
                     url_schemes=set(URL_SCHEMES), link_rel=None, strip_comments=True)


def find_unsafe_html(body: str, render=None) -> list[Finding]:
    """Everything in a Markdown page (docs/) that the allowlist would remove, in order found.

    render: text → HTML with the site's Markdown (jishi.content.body_html.BodyRenderer.html);
    default Python-Markdown with MARKDOWN_EXTENSIONS.
    """
    if not any(c in body for c in "<{:&"):
        return []  # no tag, attribute list, URL or entity: nothing to check
    html = render(body) if render else markdown.markdown(body, extensions=MARKDOWN_EXTENSIONS)
    return find_unsafe_in_html(html)


def find_unsafe_in_html(html: str | Inventory) -> list[Finding]:
    """Everything in rendered HTML (or its inventory, already taken) that the allowlist would remove."""
    before = html if isinstance(html, Inventory) else Inventory(html)
    after = Inventory(clean_html(before.html))
    removed_tags = before.tags - after.tags
    findings = [_tag_finding(tag) for tag in removed_tags.elements()]
    for (tag, name, value) in (before.attrs - after.attrs).elements():
        if tag not in removed_tags:  # else the whole tag is already reported
            findings.append(_attr_finding(tag, name, value))
    for (tag, name, value) in after.attrs.elements():
        # Browsers drop tabs and newlines inside URLs: "java\tscript:" is javascript:.
        if name in _URL_ATTRS and unsafe_url(value):
            findings.append(_attr_finding(tag, name, value))
    for src in after.images:
        if _REMOTE.match(src) or other_host(src):  # "/\\host" is //host to a browser
            findings.append(Finding("图片不能引用其他网站", "网站不向其他网站请求任何内容；"
                                    "请把图片放到 docs/images/ 下，用相对路径引用", src))
    for _ in before.comments:
        findings.append(Finding("HTML 注释（<!-- -->）会原样出现在网页源代码里，读者能看到",
                                "内部备注请不要写在稿件里；请删掉注释", "<!--"))
    return findings


# A link's or image's URL as Python-Markdown writes it (double quotes, escaped).
_WRITTEN_URL = re.compile(r'<(a|img)\s[^>]*?\b(href|src)="([^"]*)"')


def find_unsafe_urls(html: str) -> list[Finding]:
    """Links and images of html whose URL has a scheme the allowlist refuses.

    All that MkDocs' render of a body can change in HTML the check passed: its
    link rewriting (the `relpath` treeprocessor) sets the href or src of Markdown's
    <a> and <img> to the page-relative URL of one of the build's files. Everything
    else (the extensions, their options, jishi's paragraph ids) is the check's.
    """
    return [_attr_finding(tag, name, url) for tag, name, value in _WRITTEN_URL.findall(html)
            if unsafe_url(url := htmlmod.unescape(value))]


def _tag_finding(tag: str) -> Finding:
    if tag == "script":
        return Finding("不允许 <script> 脚本", "稿件里不能运行脚本；请删掉它", "<script")
    if tag in ("iframe", "frame", "object", "embed"):
        return Finding(f"不允许嵌入外部内容（<{tag}>）",
                       "网站不向其他网站请求任何内容；请改成普通链接 [标题](https://…)", f"<{tag}")
    if tag == "style":
        return Finding("不允许 <style> 样式表", "版式由网站统一负责；请删掉它", "<style")
    return Finding(f"不允许的 HTML 标签 <{tag}>",
                   "可用 Markdown 写法或这些标签：b、strong、i、em、a、img、table、sup、sub、ruby 等", f"<{tag}")


def _attr_finding(tag: str, name: str, value: str) -> Finding:
    if name.startswith("on"):
        return Finding(f"不允许事件属性 {name}=（会运行脚本）", "请删掉这个属性", name)
    if name == "style":
        return Finding("不允许 style 属性", "版式由网站统一负责；请删掉这个属性", "style")
    if name in _URL_ATTRS and tag in ALLOWED_ATTRIBUTES and name in ALLOWED_ATTRIBUTES[tag]:
        scheme = _scheme(value)
        what = f" {scheme}: 网址" if scheme else f"网址 '{value[:40]}'"
        return Finding(f"不允许的{what}（<{tag} {name}=…>）",
                       "链接只能是 https://、http://、mailto: 或站内相对路径", value[:20] or name)
    return Finding(f"不允许的属性 {name}（<{tag}> 标签）", "请删掉这个属性", name)


def unsafe_url(url: str) -> bool:
    """Whether a browser would read url with a scheme the allowlist refuses (javascript:, data: …)."""
    return _scheme(url) not in URL_SCHEMES | {""}


def _scheme(url: str) -> str:
    """The scheme a browser would see, after it drops control characters and spaces."""
    match = re.match(r"([a-z][a-z0-9+.-]*):", re.sub(r"[\x00-\x20]", "", url), re.I)
    return match.group(1).lower() if match else ""


def locate_findings(source, findings: list[Finding]) -> list[Problem]:
    """Problems, with file:line:col inside source's body, for the unsafe things found in it."""
    if not findings:
        return []
    lines = source.body.split("\n")
    cursor: dict[str, tuple[int, int]] = {}
    problems = []
    for finding in findings:
        line, col = _locate(lines, finding.needle, cursor)
        problems.append(Problem(source.path, source.body_line + line, col + 1, "正文",
                                finding.message, finding.hint, code="html-unsafe"))
    return sorted(problems)


def _locate(lines: list[str], needle: str, cursor: dict) -> tuple[int, int]:
    """The next place (0-based line, col) needle is written, after the last one found."""
    start_line, start_col = cursor.get(needle.lower(), (0, -1))
    low = needle.lower()
    for i in range(start_line, len(lines)):
        col = lines[i].lower().find(low, start_col + 1 if i == start_line else 0)
        if col >= 0:
            cursor[low] = (i, col)
            return i, col
    return cursor.get(low, (0, 0))
