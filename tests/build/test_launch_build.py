"""What a web desk checks before launch, on the real site as built: bytes and accessible names."""

import re

from bs4 import BeautifulSoup


def pages(built):
    return [p for p in built.rglob("index.html") if "pagefind" not in p.parts]


def test_no_unused_material_search_files_or_source_maps_are_deployed(built_site):
    deployed = [p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file()]
    assert [p for p in deployed if p.endswith(".map")] == []
    assert [p for p in deployed if re.match(r"assets/javascripts/(lunr|workers)/", p)] == []
    assert [p for p in deployed if re.match(r"assets/stylesheets/palette\.", p)] == []  # merged into jishi.css
    for path in built_site.glob("assets/**/*.min.*"):
        assert b"sourceMappingURL" not in path.read_bytes(), path


def test_every_page_has_at_most_two_render_blocking_stylesheets(built_site):
    [css] = built_site.glob("assets/jishi/jishi.*.css")  # named by its content, cached for a year
    jishi_css = css.read_text(encoding="utf-8")
    assert "[data-md-color-primary=red]" in jishi_css and ".jishi-search" in jishi_css  # palette + search merged
    for path in pages(built_site):
        head = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").head
        sheets = [link["href"] for link in head.find_all("link", rel="stylesheet")]
        assert len(sheets) <= 2, (path, sheets)


def test_controls_are_named_by_their_visible_text(built_site):
    page = BeautifulSoup((built_site / "stories/zhang-yong-xinsheng/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert [label for label in page.find_all("label") if label.get("aria-label")] == []
    assert page.select_one(".jishi-search-button .jishi-sr").get_text() == "搜索"
    modes = page.select("[data-jishi-toggle]")
    assert [(b.get_text(), b.get("aria-label")) for b in modes] == [("长辈模式", None), ("深色", None)]
    [links] = built_site.glob("assets/jishi/jishi-links.*.js")
    script = links.read_text(encoding="utf-8")
    assert '"复制链接"' in script and "aria-label" not in script


def test_the_editors_guide_is_not_published_by_default(built_site):
    assert not (built_site / "guide").exists()
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "编辑指南" not in home and "guide/" not in home
    assert "/guide/" not in (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/guide/" not in (built_site / "feed.xml").read_text(encoding="utf-8")
    assert not any("guide" in p.name for p in (built_site / "pagefind").rglob("*"))
    fragments = (built_site / "pagefind").glob("fragment/*/*.pf_fragment")
    assert next(fragments, None) is not None  # the index is there, only without the guide


def test_the_guide_is_published_and_linked_when_the_settings_say_so(guide_site):
    home = (guide_site / "index.html").read_text(encoding="utf-8")
    assert '编辑指南' in home and (guide_site / "guide" / "index.html").is_file()
    assert "https://example.org/guide/" in (guide_site / "sitemap.xml").read_text(encoding="utf-8")
