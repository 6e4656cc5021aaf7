"""The benchmark's peer: the same synthetic content as a Hugo site, searched with Pagefind.

    python bench/hugo_site.py PLAIN_DOCS OUT

What a user would pick instead of jishi: Hugo (Debian's package) for the
pages, Pagefind over Hugo's output for search. The pages are the plain
Material site's Markdown (bench/generate.py): one page per story and per
entity, one list per story kind and per entity kind, a home page listing
the first stories. The templates are minimal, but have what every page of a
real theme has: the site's navigation in the header and the page's text in
an <article data-pagefind-body>, so Pagefind indexes stories and entities
and not the lists, as in jishi.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

__all__ = ["write_hugo_site", "hugo_command"]

CONFIG = """baseURL = "https://example.org/"
languageCode = "zh-cn"
defaultContentLanguage = "zh"
hasCJKLanguage = true
title = "对话“到职工中去”"
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
[markup.goldmark.renderer]
unsafe = false
"""

BASE = """<!doctype html><html lang="zh"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title></head><body>
<header><a href="/">{{ site.Title }}</a><nav>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}</footer></body></html>
"""
SINGLE = """{{ define "main" }}<article data-pagefind-body><h1>{{ .Title }}</h1>{{ .Content }}</article>{{ end }}
"""
LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}
"""

_LINK = re.compile(r"\]\((?:\.\./)?(?:([a-z]+)/)?([^)/]+)\.md\)")


def write_hugo_site(docs: Path, out: Path) -> int:
    """Write a Hugo site for the plain site's Markdown in ``docs``; the number of pages."""
    shutil.rmtree(out, ignore_errors=True)
    content = out / "content"
    for name, text in (("_default/baseof.html", BASE), ("_default/single.html", SINGLE),
                       ("_default/list.html", LIST), ("index.html", LIST)):
        (out / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (out / "layouts" / name).write_text(text, encoding="utf-8")
    (out / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    count = 0
    for path in docs.rglob("*.md"):
        rel = path.relative_to(docs)
        folder = rel.parent.as_posix()
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        here = folder if folder != "." else ""
        body = _LINK.sub(lambda m: f"](/{m[1] or here}/{m[2]}/)" if m[2] != "index" else f"](/{m[1] or here}/)", body)
        body = body.replace("](../images/", "](/images/")
        target = content / (rel.parent / "_index.md" if rel.name == "index.md" else rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        heading = title.removeprefix("# ").replace('"', "'")
        target.write_text(f'---\ntitle: "{heading}"\n---\n{body}', encoding="utf-8")
        count += 1
    if (docs / "images").is_dir():
        shutil.copytree(docs / "images", out / "static" / "images")
    return count


def hugo_command(site: Path, public: Path, pagefind: Path | None) -> list[str]:
    """Hugo, then (if ``pagefind`` names the Pagefind binary) Pagefind over its output: one shell command."""
    hugo = f"hugo --quiet --source {site} --destination {public} --cleanDestinationDir"
    if pagefind is None:
        return ["sh", "-c", hugo]
    return ["sh", "-c", f"{hugo} && {pagefind} --site {public} --force-language zh --silent"]


if __name__ == "__main__":
    print(write_hugo_site(Path(sys.argv[1]), Path(sys.argv[2])), "pages")
