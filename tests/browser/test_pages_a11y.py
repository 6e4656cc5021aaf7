"""Accessibility checks over every built page of the real site.

Headings in order (no skipped level, one h1), every image with alt text,
every link and role=img with a discernible name.
"""

import pytest
from bs4 import BeautifulSoup


@pytest.fixture(scope="module")
def pages(built_site):
    found = {p.relative_to(built_site).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
             for p in sorted(built_site.rglob("*.html"))}
    assert len(found) > 50
    return found


def content(page):
    return page.select_one("div.md-content") or page


def test_headings_are_in_order_with_one_h1(pages):
    bad = []
    for name, page in pages.items():
        levels = [int(h.name[1]) for h in content(page).find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
        if levels[:1] != [1] or levels.count(1) != 1:
            bad.append((name, levels))
            continue
        for a, b in zip(levels, levels[1:]):
            if b > a + 1:
                bad.append((name, levels))
                break
    assert bad == []


def hidden(node) -> bool:
    """Inside something no reader sees (e.g. a control its script has not shown)."""
    return any(p.has_attr("hidden") or p.get("aria-hidden") == "true" for p in [node, *node.parents]
               if getattr(p, "has_attr", None))


def test_every_image_has_alt_text(pages):
    # Every image has an alt attribute; only images no reader sees may leave it empty.
    missing = [(name, str(img)[:80]) for name, page in pages.items() for img in page.find_all("img")
               if img.get("alt") is None or (not img["alt"].strip() and not hidden(img))]
    assert missing == []
    for name, page in pages.items():
        for node in page.select('[role="img"]'):
            assert (node.get("aria-label") or "").strip(), (name, str(node)[:80])


def accessible_name(a) -> str:
    names = [a.get("aria-label") or "", a.get("title") or "", a.get_text(" ", strip=True)]
    names += [img.get("alt") or "" for img in a.find_all("img")]
    return "".join(names).strip()


def test_every_link_has_discernible_text(pages):
    nameless = [(name, str(a)[:100]) for name, page in pages.items() for a in content(page).find_all("a", href=True)
                if not accessible_name(a)]
    assert nameless == []


def test_every_page_is_chinese(pages):
    for name, page in pages.items():
        if page.html is not None and name.endswith("index.html"):
            assert page.html.get("lang") == "zh", name
