"""One render per body: the allowlist and the link check read the same HTML, made with the site's Markdown."""

import shutil

import markdown

from jishi.content.body_html import BodyRenderer
from jishi.content.sanitize import find_unsafe_urls
from jishi.content.source_cache import SourceCache
from jishi.site.check import check_site, site_markdown
from support import ROOT, front_matter_file

STORY = {"kind": "testimonial", "slug": "yi-ci", "title": "只渲染一次", "summary": "测试。",
         "speaker": "zhang-song", "speaker_role": "职工", "column": "nuanxin", "date": "2017"}


def _site(tmp_path, body: str, extensions: str = "  - attr_list\n  - md_in_html\n"):
    shutil.copytree(ROOT / "stories", tmp_path / "stories")
    shutil.copy(ROOT / "jishi.yml", tmp_path / "jishi.yml")
    (tmp_path / "mkdocs.yml").write_text(f"site_name: t\nsite_url: https://example.org/\n"
                                         f"markdown_extensions:\n{extensions}", encoding="utf-8")
    (tmp_path / "stories" / "testimonial" / "yi-ci.md").write_text(front_matter_file(STORY, body), encoding="utf-8")
    return tmp_path


def _converts(monkeypatch) -> list:
    seen = []
    real = markdown.Markdown.convert
    monkeypatch.setattr(markdown.Markdown, "convert", lambda self, text: seen.append(text) or real(self, text))
    return seen


def test_a_body_is_rendered_once_for_its_links_and_its_allowlist(tmp_path, monkeypatch):
    body = "见[不存在的页面](../../stories/mei-you/)。\n\n<b onclick=\"go()\">粗体</b>\n"
    site = _site(tmp_path, body)
    seen = _converts(monkeypatch)
    problems = [str(p) for p in check_site(site, url_sources=()).problems]
    assert len(seen) == 1 and seen[0].strip() == body.strip()
    mine = [p for p in problems if p.startswith("stories/testimonial/yi-ci.md")]
    assert any(":11:11: 正文: 链接指向的页面不存在：'../../stories/mei-you/'" in p for p in mine), mine
    assert any(":13:4: 正文: 不允许事件属性 onclick=（会运行脚本）；请删掉这个属性" in p for p in mine), mine


def test_plain_bodies_are_not_rendered_by_the_check(monkeypatch):
    seen = _converts(monkeypatch)
    assert not check_site(ROOT, url_sources=("urls.txt",)).problems.errors
    assert seen == []  # the campaign's bodies hold no tag, entity, URL or link: nothing to render


def test_the_check_renders_with_the_sites_own_extensions(tmp_path):
    body = '<div markdown="1">\n[别处](../../stories/mei-you/)\n</div>\n'

    def mine(site):
        return [str(p).split(": ", 1)[1] for p in check_site(site, url_sources=()).problems.errors
                if p.path == "stories/testimonial/yi-ci.md"]

    assert mine(_site(tmp_path / "a", body)) == [
        "正文: 链接指向的页面不存在：'../../stories/mei-you/'；你是不是想写 './'（即 /stories/yi-ci/）？"]
    # Without md_in_html MkDocs leaves the <div> as written, its markdown= attribute and all,
    # and the Markdown inside it as text: that attribute is refused, and there is no link.
    assert mine(_site(tmp_path / "b", body, extensions="  - attr_list\n")) == [
        "正文: 不允许的属性 markdown（<div> 标签）；请删掉这个属性"]


def test_site_markdown_is_mkdocs_builtins_then_the_sites_then_jishis():
    renderer = site_markdown({"markdown_extensions": ["attr_list", {"toc": {"permalink": True}}, "tables"]})
    assert renderer.key[0] == ("toc", "tables", "fenced_code", "attr_list",
                               "jishi.site.anchors.ParagraphAnchorExtension")
    assert renderer.configs == {"toc": {"permalink": True}}
    assert 'class="headerlink"' in renderer.html("## 小标题\n")  # the site's option, as MkDocs renders it
    # A name MkDocs cannot load is MkDocs' error to report; the check renders with the rest.
    assert site_markdown({"markdown_extensions": ["no_such_extension"]}).key[0][-1].endswith("ParagraphAnchorExtension")


def test_the_source_cache_checks_again_with_other_extensions():
    cache, schema, calls = SourceCache(), object(), []
    source = object()
    cache.begin(schema, BodyRenderer(["toc"]).key)
    cache.checked(source, lambda s: calls.append(1) or [])
    cache.begin(schema, BodyRenderer(["toc"]).key)
    cache.checked(source, lambda s: calls.append(2) or [])
    assert calls == [1]  # same extensions: remembered
    cache.begin(schema, BodyRenderer(["toc", "md_in_html"]).key)
    cache.checked(source, lambda s: calls.append(3) or [])
    assert calls == [1, 3]


def test_unsafe_urls_are_what_mkdocs_link_rewriting_could_add():
    assert not find_unsafe_urls('<p><a href="../x/">x</a> <img alt="" src="../../images/a.jpg"></p>')
    assert not find_unsafe_urls('<a href="https://example.org/">x</a><a href="mailto:a@b.cn">m</a>')
    found = find_unsafe_urls('<p><a href="javascript:alert(1)/">x</a></p>')
    assert [f.message for f in found] == ["不允许的 javascript: 网址（<a href=…>）"]
    found = find_unsafe_urls('<img alt="图" src="data&#58;image/png;base64,AAAA">')
    assert [f.message for f in found] == ["不允许的 data: 网址（<img src=…>）"]


def test_serve_rebuilds_reuse_the_render_and_still_report_the_links(tmp_path, monkeypatch):
    body = "见[不存在的页面](../../stories/mei-you/)。\n"
    site = _site(tmp_path, body)
    seen = _converts(monkeypatch)
    cache = SourceCache()
    runs = [[str(p) for p in check_site(site, url_sources=(), cache=cache, markdown=site_markdown({})).problems.errors
             if p.path == "stories/testimonial/yi-ci.md"] for _ in range(2)]
    assert runs[0] == runs[1] and len(runs[0]) == 1 and "链接指向的页面不存在" in runs[0][0]
    assert len(seen) == 1  # the second build's check took the body's links from the cache


def test_hand_written_docs_pages_are_checked_with_the_sites_markdown_too(tmp_path):
    def refused(site):
        (site / "docs").mkdir(exist_ok=True)
        (site / "docs" / "about.md").write_text('# 关于\n\n<div markdown="1">\n**本站**\n</div>\n', encoding="utf-8")
        return [p.message for p in check_site(site, url_sources=()).problems.errors if p.path == "docs/about.md"]

    assert refused(_site(tmp_path / "a", "正文。\n")) == []
    assert refused(_site(tmp_path / "b", "正文。\n", extensions="  - attr_list\n")) == ["不允许的属性 markdown（<div> 标签）"]


def test_one_renderer_renders_each_body_as_if_alone():
    renderer = BodyRenderer()
    alone = [markdown.markdown(t, extensions=renderer.extensions)
             for t in ("见[甲][ref]。\n\n[ref]: ../jia/\n\n## 标题\n", "见[乙][ref]。\n\n## 标题\n")]
    assert '<a href="../jia/">甲</a>' in alone[0] and "<a " not in alone[1]
    # The second body does not see the first one's [ref], nor its heading ids.
    assert [renderer.html(t) for t in ("见[甲][ref]。\n\n[ref]: ../jia/\n\n## 标题\n", "见[乙][ref]。\n\n## 标题\n")] == alone
