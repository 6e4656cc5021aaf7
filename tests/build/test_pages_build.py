"""The reader pages of the real site, built once: every list links exactly what it should.

Expected sets come from the model (jishi.load_site); actual sets are parsed
from the built HTML.
"""

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from support import ROOT
from jishi import load_site
from jishi.site.render import TemplateContext

STORY_HREF = re.compile(r"^/stories/([a-z0-9-]+)/$")


@pytest.fixture(scope="module")
def site():
    site, problems = load_site(ROOT)
    assert site is not None, problems
    return site


def soup(built: Path, url: str) -> BeautifulSoup:
    path = built / url / "index.html" if not url.endswith(".html") else built / url
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    page.jishi_base = "/" + url.strip("/") + "/" if url.strip("/") and not url.endswith(".html") else "/"
    return page


def story_links(node) -> list[str]:
    """Slugs of the stories node links to, in document order, once each."""
    base = getattr(next(p for p in [node, *node.parents] if p.parent is None), "jishi_base", "/")
    found = []
    for a in node.find_all("a", href=True):
        m = STORY_HREF.search(urljoin(base, a["href"]))
        if m and m[1] not in found:
            found.append(m[1])
    return found


def main(page: BeautifulSoup):
    return page.find("article") or page.find("div", class_="jishi-home")


@pytest.mark.parametrize("group,prefix,index", [
    ("people", "people", "by_person"), ("teams", "teams", "by_team"),
    ("enterprises", "enterprises", "by_enterprise"), ("columns", "columns", "by_column"),
])
def test_entity_pages_link_exactly_their_stories(built_site, site, group, prefix, index):
    entries = getattr(site, group)
    assert entries
    for slug in entries:
        expected = [s.slug for s in getattr(site, index).get(slug, [])]
        linked = story_links(main(soup(built_site, f"{prefix}/{slug}")))
        assert set(linked) == set(expected), (prefix, slug)
        if prefix == "columns":  # in printed order
            assert linked == expected


def test_kind_pages_link_exactly_their_stories(built_site, site):
    for kind, stories in site.by_kind.items():
        linked = story_links(main(soup(built_site, f"kinds/{kind}")))
        assert linked == [s.slug for s in stories], kind


def test_index_pages_link_every_entity(built_site, site):
    for group in ("teams", "enterprises", "people", "columns"):
        article = main(soup(built_site, group))
        hrefs = {a["href"].strip("./").split("/")[-1] for a in article.find_all("a", href=True)}
        assert hrefs == set(getattr(site, group)), group


def test_people_index_prints_roles_as_printed(built_site, site):
    article = main(soup(built_site, "people"))
    for slug, person in site.people.items():
        item = article.find("a", href=re.compile(f"{slug}/$")).find_parent("li")
        for role in site.roles_of(person):
            assert role in item.get_text(), (slug, role)


def test_person_page_separates_words_and_appearances(built_site, site):
    page = main(soup(built_site, "people/dong-yongxiang"))
    assert page.h1.get_text() == "董永祥"
    assert [li.get_text() for li in page.select("ul.jishi-roles li")] == ["湖北省总工会党组书记、常务副主席"]
    assert story_links(page.find("section", attrs={"aria-labelledby": "person-said"})) == ["dong-yongxiang-commentary"]
    photo_person = main(soup(built_site, "people/hu-jian"))
    appears = photo_person.find("section", attrs={"aria-labelledby": "person-appears"})
    assert story_links(appears) == ["hu-jian-photo"]
    assert appears.select_one(".jishi-photo__placeholder").get_text(strip=True) == "图片待补充"


def test_home_sections_link_what_the_model_says(built_site, site):
    home = soup(built_site, "")
    ctx = TemplateContext(site, ("home", ""))
    lead = home.find("section", class_="jishi-lead")
    assert story_links(lead) == ["dao-zhigong-zhong-qu"]
    latest = home.find("h2", id="latest-title").find_parent("section")
    assert story_links(latest) == [s.slug for s in ctx.latest(6)]
    assert "dao-zhigong-zhong-qu" not in story_links(latest)
    columns = home.find("h2", id="columns-title").find_parent("section").select("section.jishi-column")
    assert [c.h3.get_text() for c in columns] == [c.name for c in site.columns_in_order]
    for block, column in zip(columns, site.columns_in_order):
        assert story_links(block) == [s.slug for s in site.by_column[column.slug][:3]]
    teams = home.find("h2", id="teams-title").find_parent("section")
    assert {a["href"].rstrip("/").split("/")[-1] for a in teams.find_all("a")} == set(site.teams)


def test_home_quotes_the_lead_story_word_for_word(built_site, site):
    home = soup(built_site, "")
    body = re.sub(r"\s+", "", site.by_kind["case"][0].body)
    terms = home.select("section.jishi-term")
    assert [t.h3.get_text() for t in terms] == ["六同", "六小", "六有"]
    for term in terms:
        parts = "、".join(li.get_text() for li in term.select("li"))
        assert f"“{term.h3.get_text()}”({parts})" in body
    intro = home.select_one(".jishi-lead__summary").get_text()
    assert intro.startswith("中央全面深化改革") and intro.endswith("新天地。") and intro in body
    stats = [li.strong.get_text() for li in home.select("ul.jishi-stats li")]
    assert stats == ["297篇", "8篇", "141件", "230余篇", "1.7万名"]


def test_story_page_has_byline_card_pager_and_related(built_site, site):
    page = main(soup(built_site, "stories/wu-qingjun-commentary"))
    card = page.select_one(".jishi-byline--card")
    assert card.select_one(".jishi-byline__name").get_text() == "吴清军"
    assert card.select_one(".jishi-byline__role").get_text()
    pager = page.select_one("nav.jishi-pager")
    assert pager["aria-label"] == "栏目“强基之策”的上一篇和下一篇"
    assert story_links(pager) == ["yang-dongmei-commentary", "zheng-guanghuai-commentary"]
    assert pager.select_one("[rel=prev] .jishi-pager__dir").get_text() == "上一篇"
    related = page.select_one("section.jishi-related")
    assert story_links(related) == [s.slug for s in site.relations.related["wu-qingjun-commentary"]]
    chips = {a.select_one(".jishi-chip__label").get_text(): a["href"] for a in page.select("a.jishi-chip")}
    assert chips == {"栏目": "../../columns/qiangji/", "人物": "../../people/wu-qingjun/"}


def test_testimonial_byline_names_speaker_and_links_team_and_enterprise(built_site):
    page = main(soup(built_site, "stories/zhang-yong-xinsheng"))
    assert page.select_one(".jishi-byline__name")["href"] == "../../people/zhang-yong/"
    labels = [a.select_one(".jishi-chip__label").get_text() for a in page.select("a.jishi-chip")]
    assert labels == ["工作队", "企业", "栏目", "人物"]


def test_case_byline_names_the_team_and_its_enterprise(built_site):
    card = main(soup(built_site, "stories/dao-zhigong-zhong-qu")).select_one(".jishi-byline--card")
    assert card.select_one(".jishi-byline__name").get_text() == "武汉市总工会驻中建幕墙工作队"
    # The enterprise is already in the team's name: not printed twice.
    assert card.select_one(".jishi-byline__org") is None


def test_figures_page_draws_an_honest_svg_chart_and_a_table(built_site, site):
    page = main(soup(built_site, "stories/shuzi"))
    items = site.by_kind["figures"][0].get("items")
    groups = page.select(".jishi-chart__group")
    assert [g.select_one(".jishi-chart__unit").get_text() for g in groups] == ["单位：篇", "单位：件", "单位：万名"]
    bars = groups[0].select("rect.jishi-chart__bar")
    widths = [float(b["width"]) for b in bars]
    values = [i["value"] for i in items if i["unit"] == "篇"]
    assert [w / widths[0] for w in widths] == pytest.approx([v / values[0] for v in values], abs=0.002)
    for group in groups[1:]:  # alone in its unit: a number, no bar to compare
        assert group.select("rect") == [] and group.select_one(".jishi-chart__big")
    labels = [t.get_text() for t in page.select("svg text")]
    for item in items:
        assert item["label"] in labels
    svg = groups[0].select_one("svg")
    assert svg["role"] == "img" and svg["aria-label"] == "民情笔记297篇，调研报告8篇，媒体登载活动内容230余篇"
    rows = [(tr.th.get_text(), tr.td.get_text()) for tr in page.select("table.jishi-figures tbody tr")]
    assert rows == [("民情笔记", "297篇"), ("调研报告", "8篇"), ("为职工办实事", "141件"),
                    ("媒体登载活动内容", "230余篇"), ("网友关注（现场直播当日）", "1.7万名")]


def test_gallery_shows_captions_and_honest_placeholders(built_site, site):
    page = main(soup(built_site, "kinds/photo"))
    items = page.select("ul.jishi-gallery > li")
    assert len(items) == len(site.by_kind["photo"])
    for li, story in zip(items, site.by_kind["photo"]):
        assert li.figcaption.get_text(strip=True) == story.get("caption")
        placeholder = li.select_one(".jishi-photo__placeholder")
        assert placeholder.get_text(strip=True) == "图片待补充" and placeholder["role"] == "img"
        assert placeholder["aria-label"] == story.get("alt")
    assert page.find("img") is None  # no stock picture stands in for a missing photo


def test_404_page_is_chinese_and_offers_home_and_search(built_site, site):
    page = BeautifulSoup((built_site / "404.html").read_text(encoding="utf-8"), "html.parser")
    article = page.find("article")
    assert article.h1.get_text() == "找不到这个页面"
    assert article.find("a", string="回到首页")["href"] == "/."
    form = article.find("form", attrs={"role": "search"})
    assert form.find("input", attrs={"type": "search"})["id"] == form.label["for"]
    linked = story_links(article)
    assert set(linked) == {s.slug for s in site.stories}
    src = article.find("script")["src"]
    assert re.fullmatch(r"/assets/jishi/jishi-filter\.[0-9a-f]{8}\.js", src)  # named by its content
    assert (built_site / src.lstrip("/")).is_file()


def test_every_story_shows_its_date_source_and_reading_time(built_site, site):
    for story in site.stories:
        line = soup(built_site, story.url).select_one(".jishi-dateline")
        text = " ".join(line.stripped_strings)
        assert text.startswith("2017 年（编辑推定） · 原载专版《对话“到职工中去”》"), story.slug
        assert ("读完" in text) == (story.kind != "photo"), story.slug
    lead = " ".join(soup(built_site, "stories/dao-zhigong-zhong-qu/").select_one(".jishi-dateline").stripped_strings)
    assert lead == "2017 年（编辑推定） · 原载专版《对话“到职工中去”》 · 约 3 分钟读完"


def test_latest_stories_on_home_follow_the_printed_order(built_site, site):
    home = soup(built_site, "")
    heading = next(h for h in home.find_all("h2") if "最新稿件" in h.get_text())
    cards = heading.find_next("ul")
    titles = [t.get_text() for t in cards.select(".jishi-card__title")]
    assert titles[:2] == ["密切联系职工群众的创新之举", "引领产业工人队伍新发展"]  # 护根之举 1 and 2
    assert not any("现场向工人师傅学习" in t for t in titles)  # the photos were printed last


def test_a_site_without_stories_shows_no_empty_sections_on_its_home_page(tmp_path, make_site, mkdocs_build):
    root = make_site(tmp_path / "root", {}, with_base=False)
    (root / "stories").mkdir(exist_ok=True)  # as jishi init makes it: an empty stories/
    result = mkdocs_build(root, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    home = BeautifulSoup((tmp_path / "out" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "暂无稿件" in home.get_text()
    assert home.find(id="kinds-title") is None  # no heading over an empty list
