"""The Python floor: the least a Python static-site generator must do per story.

    python bench/floor.py SITE OUT

Reads every story under SITE/stories, parses its front matter with the C YAML
loader, converts the body with one reused python-markdown instance, renders a
trivial Jinja template and writes OUT/<slug>/index.html. No validation, no
links, no navigation: the benchmark's lower bound.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import markdown
import yaml

PAGE = jinja2.Template(
    "<!doctype html><html lang=zh><meta charset=utf-8><title>{{ title }}</title>"
    "<h1>{{ title }}</h1>{{ body }}</html>"
)


def build(site: Path, out: Path) -> int:
    """Build the floor site; returns the number of pages written."""
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "toc"])
    count = 0
    for path in sorted((site / "stories").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, head, body = text.split("---\n", 2)
        meta = yaml.load(head, Loader=yaml.CSafeLoader)
        html = PAGE.render(title=meta.get("title") or meta.get("name") or meta["slug"],
                           body=md.reset().convert(body))
        target = out / meta["slug"] / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        count += 1
    return count


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]))
