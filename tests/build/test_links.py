"""Links publicity staff paste anywhere: anchors, aliases, URL promises, share tags, QR, feed."""

from __future__ import annotations

import dataclasses
import html
import os
import re
import xml.etree.ElementTree as etree
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import markdown
import pytest
import zxingcpp
from PIL import Image

from support import ALIASED, ROOT
from jishi import load_site
from jishi.site.anchors import ParagraphAnchorExtension, paragraph_id
from jishi.site.feed import feed_dates, render_feed
from jishi.site.urls import check_published_urls, read_published_urls

DRAFT = """---
kind: commentary
slug: cao-gao
title: 草稿点评
author: li-shuyong
author_role: 测试职务
column: hugen
date: "2019"
draft: true
---
不该发布的草稿。
"""
PARAGRAPHS = ["甲：工会干部进车间。", "乙：站工位，当学徒。", "丙：与职工同吃同住。", "丁：帮企业解难题。", "戊：满意率很高。"]


def story_with(paragraphs: list[str]) -> str:
    head = ("---\nkind: testimonial\nslug: duan-luo\nspeaker: zhang-song\nspeaker_role: 职工\n"
            "column: nuanxin\ndate: \"2017\"\n---\n")
    return head + "\n\n".join(paragraphs) + "\n"


def anchors_of(page: Path) -> dict[str, str]:
    """{paragraph text: id} of a built story page's body."""
    raw = page.read_text(encoding="utf-8")
    body = raw[raw.index('<div class="jishi-body">'):raw.index('<nav class="jishi-chips"')]
    return {html.unescape(text): pid for pid, text in re.findall(r'<p id="([^"]+)">(.*?)</p>', body)}


class MetaTags(HTMLParser):
    """Collects <meta property|name=…> and <link rel=…> of a page."""

    def __init__(self):
        super().__init__()
        self.meta, self.links = {}, {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta[a.get("property") or a.get("name")] = a.get("content")
        if tag == "link" and a.get("rel"):
            self.links[a["rel"]] = a.get("href")


def tags_of(page: Path) -> MetaTags:
    parser = MetaTags()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory, make_site, mkdocs_build):
    """A small site with an aliased story and a draft, built once."""
    tmp = tmp_path_factory.mktemp("links")
    site = make_site(tmp / "src", {"commentary/xin.md": ALIASED, "commentary/cao-gao.md": DRAFT})
    result = mkdocs_build(site, tmp / "out")
    assert result.returncode == 0, result.stderr
    return tmp / "out"


# --- paragraph anchors ------------------------------------------------------

def test_anchor_is_a_hash_of_the_text_not_a_number():
    out = markdown.markdown("\n\n".join(PARAGRAPHS), extensions=[ParagraphAnchorExtension()])
    ids = re.findall(r'<p id="(p-[0-9a-f]{6})">', out)
    assert ids == [paragraph_id(p) for p in PARAGRAPHS]
    assert paragraph_id("甲：工会干部\n进车间。") == paragraph_id("甲：工会干部进车间。")


def test_identical_paragraphs_and_hand_set_ids():
    text = "同一段。\n\n同一段。\n\n自己定的。\n{#mine}\n\n带<b>粗体</b>的。"
    out = markdown.markdown(text, extensions=["attr_list", ParagraphAnchorExtension()])
    base = paragraph_id("同一段。")
    assert re.findall(r'<p id="([^"]+)"', out) == [base, base + "-2", "mine", paragraph_id("带粗体的。")]


def test_editing_a_middle_paragraph_keeps_the_other_anchors(tmp_path, make_site, mkdocs_build):
    """Two real builds: change paragraph 3 and insert one above paragraph 2."""
    before = make_site(tmp_path / "a", {"testimonial/duan-luo.md": story_with(PARAGRAPHS)}, with_base=True)
    assert mkdocs_build(before, tmp_path / "out-a").returncode == 0
    edited = PARAGRAPHS[:1] + ["新插入的一段。", PARAGRAPHS[1], "丙：与职工同吃同住同劳动。"] + PARAGRAPHS[3:]
    after = make_site(tmp_path / "b", {"testimonial/duan-luo.md": story_with(edited)}, with_base=True)
    assert mkdocs_build(after, tmp_path / "out-b").returncode == 0
    old = anchors_of(tmp_path / "out-a/stories/duan-luo/index.html")
    new = anchors_of(tmp_path / "out-b/stories/duan-luo/index.html")
    assert list(old) == PARAGRAPHS
    for text in PARAGRAPHS[:2] + PARAGRAPHS[3:]:
        assert new[text] == old[text], text
    assert new["丙：与职工同吃同住同劳动。"] != old["丙：与职工同吃同住。"]
    assert len(set(new.values())) == 6


# --- aliases and published URLs ---------------------------------------------

def test_alias_becomes_a_thin_redirect_page(fixture_site):
    raw = (fixture_site / "stories/jiu-pinglun/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../xin-pinglun/">' in raw
    assert '<link rel="canonical" href="https://example.org/stories/xin-pinglun/">' in raw
    assert '本页已迁至新网址：<a href="../xin-pinglun/">新的点评</a>' in raw
    assert '<meta name="robots" content="noindex">' in raw


def test_renamed_slug_without_alias_is_an_error_naming_the_list_and_the_file(tmp_path, jishi_cli, make_site, mkdocs_build):
    renamed = ALIASED.replace("aliases: [jiu-pinglun]\n", "").replace("slug: xin-pinglun", "slug: xin-pinglun-2")
    site = make_site(tmp_path / "s", {"commentary/xin.md": renamed})
    (site / "urls.txt").write_text("# 已发布\n/\n/stories/xin-pinglun/\n/people/li-shuyong/\n",
                                   encoding="utf-8")
    result = jishi_cli("check", "--root", str(site))
    assert result.returncode == 1
    # No git history says which file had the old slug: no file is named (never a look-alike slug).
    assert result.stdout.splitlines()[0] == (
        "urls.txt:3:1: 已发布的网址 /stories/xin-pinglun/ 不再有页面；如果改了网址名，请在改名后的文件中加上 "
        'aliases: [xin-pinglun]；如果是有意撤稿，请恢复原文件并写上 retracted: {date: "YYYY-MM-DD", '
        'reason: "撤稿原因"}，不要删除文件')
    # The build keeps the same promise.
    built = mkdocs_build(site, tmp_path / "out")
    assert built.returncode != 0 and "urls.txt:3:1: 已发布的网址 /stories/xin-pinglun/ 不再有页面" in built.stderr
    assert "Traceback" not in built.stderr
    # Keeping the old slug as an alias keeps the promise.
    (site / "stories/commentary/xin.md").write_text(renamed.replace("date:", "aliases: [xin-pinglun]\ndate:"),
                                                    encoding="utf-8")
    assert jishi_cli("check", "--root", str(site)).returncode == 0


def test_check_reads_a_previous_sitemap_under_a_sub_path(tmp_path, fixture_site):
    site, _ = load_site(ROOT)
    sitemap = tmp_path / "sitemap.xml"
    text = (ROOT / "urls.txt").read_text(encoding="utf-8")
    locs = "".join(f"<url><loc>https://example.org/sub{u}</loc></url>"
                   for u in text.split() if u.startswith("/") and u != "/feed.xml")
    sitemap.write_text('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                       f"{locs}<url><loc>https://example.org/sub/people/nobody/</loc></url></urlset>")
    published = read_published_urls(sitemap, "/sub/")
    assert ("/stories/zhang-song-xinsheng/", 0) in published
    problems = check_published_urls(site, published, "site/sitemap.xml")
    assert [str(p) for p in problems] == [
        "site/sitemap.xml: 已发布的网址 /people/nobody/ 不再有页面；如果改了网址名，请在改名后的文件中加上 aliases: [nobody]；"
        '如果是有意撤稿，请恢复原文件并写上 retracted: {date: "YYYY-MM-DD", reason: "撤稿原因"}，不要删除文件']


def test_committed_urls_txt_lists_the_real_sites_urls(jishi_cli):
    result = jishi_cli("urls")
    assert result.returncode == 0
    committed = [l for l in (ROOT / "urls.txt").read_text(encoding="utf-8").splitlines() if l.startswith("/")]
    assert set(committed) <= set(result.stdout.splitlines())
    site, _ = load_site(ROOT)
    assert {f"/{s.url}" for s in site.stories} <= set(committed)


def test_hand_written_pages_keep_their_promise_too(tmp_path, jishi_cli, make_site, mkdocs_build):
    site = make_site(tmp_path / "s", {})
    # /about/, not /guide/: the editor's guide at /guide/ is generated.
    (site / "docs" / "about").mkdir()
    (site / "docs" / "about" / "index.md").write_text("# 关于\n", encoding="utf-8")
    (site / "urls.txt").write_text("/about/\n/columns/\n", encoding="utf-8")
    assert jishi_cli("check", "--root", str(site)).returncode == 0
    assert mkdocs_build(site, tmp_path / "out").returncode == 0
    (site / "docs" / "about" / "index.md").unlink()
    result = jishi_cli("check", "--root", str(site))
    assert result.returncode == 1 and "urls.txt:1:1: 已发布的网址 /about/ 不再有页面" in result.stdout


# --- share metadata -----------------------------------------------------------

@pytest.mark.parametrize("path, title, kind", [
    ("stories/zhang-song-xinsheng", "张淞：心声", "article"),
    ("teams/jiahua-team", "武汉市总工会驻武汉嘉华汽车塑料制品有限公司小分队", "website"),
    ("enterprises/wit", "武汉国际集装箱有限公司", "website"),
])
def test_share_tags_of_story_team_and_enterprise(built_site, path, title, kind):
    page = built_site / path / "index.html"
    tags = tags_of(page)
    url = f"https://example.org/{path}/"
    raw = page.read_text(encoding="utf-8")
    assert f"<title>{title} - 对话“到职工中去”</title>" in raw
    assert tags.links["canonical"] == url
    meta = tags.meta
    assert (meta["og:title"], meta["og:url"], meta["og:type"]) == (title, url, kind)
    assert meta["og:description"] == meta["description"] == meta["twitter:description"]
    assert len(meta["description"]) > 10
    assert meta["og:image"] == meta["twitter:image"] == "https://example.org/assets/share.png"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("600", "600")
    assert meta["twitter:card"] == "summary" and meta["og:site_name"] == "对话“到职工中去”"
    assert "article:published_time" not in meta  # the real stories carry only a year
    # No hidden share image early in <body>: WeChat has ignored it since 2017 (see test_share_build).
    assert "share.png" not in raw[raw.index("<body"):]


def test_story_description_and_published_time(fixture_site, built_site):
    meta = tags_of(fixture_site / "stories/xin-pinglun/index.html").meta
    assert meta["description"] == "这是一篇用于测试的点评，有完整日期和旧网址。"
    assert meta["article:published_time"] == "2018-03-05"
    meta = tags_of(built_site / "stories/zhang-song-xinsheng/index.html").meta
    assert meta["description"] == ("在这次市总工会干部“到职工中去”活动，驻企小分队开展的“点菜式”微课堂、微讲座，"
                                   "其互动体验式“寓教于乐”的培训方法让我印象深刻。")
    meta = tags_of(built_site / "stories/dao-zhigong-zhong-qu/index.html").meta
    assert len(meta["description"]) == 120 and meta["description"].endswith("肩负使命，…")
    with Image.open(ROOT / "docs/assets/share.png") as image:
        assert min(image.size) >= 300


# --- QR codes -------------------------------------------------------------------

@pytest.mark.parametrize("path", ["stories/dao-zhigong-zhong-qu", "teams/wit-team", "enterprises/jiahua"])
def test_qr_codes_decode_to_the_canonical_url(built_site, path):
    with Image.open(built_site / path / "qr.png") as image:
        found = zxingcpp.read_barcodes(image)
    assert [r.text for r in found] == [f"https://example.org/{path}/"]
    svg = (built_site / path / "qr.svg").read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and f"<title>https://example.org/{path}/</title>" in svg
    raw = (built_site / path / "index.html").read_text(encoding="utf-8")
    assert '<h2 class="jishi-share__title" id="jishi-share-title">扫码阅读</h2>' in raw
    assert 'href="qr.svg" download=' in raw and 'href="qr.png" download=' in raw


# --- feed and sitemap ---------------------------------------------------------

def test_feed_dates_are_honest():
    site, _ = load_site(ROOT)
    story = site.stories[0]
    changed = "2026-12-01T21:58:16Z"  # when the file last changed: updated is that, never the printed date
    for date, expected in (("2017", (changed, "")),
                           ("2017-06", (changed, "")),
                           ("2017-06-09", (changed, "2017-06-09T00:00:00+08:00"))):
        story.data["date"] = date
        assert feed_dates(story, changed) == expected


def test_feed_parses_newest_first_without_drafts(fixture_site):
    feed = feedparser.parse((fixture_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10" and feed.feed.title == "对话“到职工中去”"
    links = [e.link for e in feed.entries]
    assert links[0] == "https://example.org/stories/xin-pinglun/"  # 2018-03-05, the newest
    assert feed.entries[0].published == "2018-03-05T00:00:00+08:00"
    assert links == ["https://example.org/stories/xin-pinglun/"]  # the draft is not in it


def test_feed_of_the_real_site_has_every_story_with_whole_summaries(built_site):
    feed = feedparser.parse((built_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    links = [e.link for e in feed.entries]
    assert len(links) == 21 and len(set(links)) == 21
    assert all(e.summary and not e.updated.startswith("2017-01-01") for e in feed.entries)
    lead = next(e for e in feed.entries if e.link.endswith("/dao-zhigong-zhong-qu/"))
    assert lead.summary.endswith("打开一片联系职工、服务企业的新天地。")  # whole, not cut
    assert "published" not in lead


def test_the_feed_carries_the_newest_stories_jishi_yml_asks_for():
    site = load_site(ROOT)[0]
    site.settings = dataclasses.replace(site.settings, feed_entries=3)
    newest = site.latest[:3]
    feed = feedparser.parse(render_feed(site, "https://example.cn/", "某站",
                                        contents={s.slug: f"<p>{s.slug}</p>" for s in site.stories}).encode())
    assert not feed.bozo, feed.bozo_exception
    assert [e.link for e in feed.entries] == [f"https://example.cn/stories/{s.slug}/" for s in newest]
    assert [e.content[0].value for e in feed.entries] == [f"<p>{s.slug}</p>" for s in newest]
    assert len(site.stories) > 3  # the others are on the site, not in the feed


def test_sitemap_uses_site_url_and_lists_no_draft_or_redirect(fixture_site):
    root = etree.parse(fixture_site / "sitemap.xml").getroot()
    locs = [el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(u.startswith("https://example.org/") for u in locs)
    assert "https://example.org/stories/xin-pinglun/" in locs
    assert not any("cao-gao" in u or "jiu-pinglun" in u for u in locs)
    assert not (fixture_site / "stories/cao-gao").exists()


def test_feed_entries_carry_the_whole_story_and_chinese_categories(built_site):
    feed = feedparser.parse((built_site / "feed.xml").read_bytes())
    by_link = {e.link.rsplit("/", 2)[-2]: e for e in feed.entries}
    lead = by_link["dao-zhigong-zhong-qu"]
    html = lead.content[0].value
    assert lead.content[0].type == "text/html"
    assert html.count("<p id=") == len(load_site(ROOT)[0].by_slug["dao-zhigong-zhong-qu"].body.strip().split("\n\n"))
    assert "当好关爱服务职工的“贴心人”" in html and html.rstrip().endswith("</p>")
    assert [t.term for t in lead.tags] == ["纪实报道"]
    voices = by_link["wangyou-shengyin"]
    assert [t.term for t in voices.tags] == ["网友声音", "链接"]
    assert "<li>网友曾兵：发挥工会职能作用，做企业和职工的桥梁，做关爱职工的贴心人。</li>" in voices.content[0].value
    assert "<figcaption>工会干部张琦现场向工人师傅学习</figcaption>" in by_link["zhang-qi-photo"].content[0].value
    assert not any(t.term in ("case", "photo", "voices") for e in feed.entries for t in e.tags)


def test_feed_updated_is_when_the_file_last_changed(tmp_path):
    from jishi.site.feed import changed_times

    (tmp_path / "stories").mkdir()
    story = tmp_path / "stories" / "a.md"
    story.write_text("x", encoding="utf-8")
    os.utime(story, (1_700_000_000, 1_700_000_000))
    assert changed_times(tmp_path, ["stories/a.md"]) == {"stories/a.md": "2023-11-14T22:13:20Z"}
