"""Share cards as WeChat and feed readers see them: titles that say something, descriptions that
add to the title, escaped exactly once, and the same on an old address."""

import re

import pytest
from bs4 import BeautifulSoup
from support import ALIASED


TRICKY = 'R&D "<b>好</b>"'
# the aliased story of tests/support.py, with a summary that must be escaped exactly once
STORY = ALIASED.replace("summary: 这是一篇用于测试的点评，有完整日期和旧网址。", f"summary: '{TRICKY}'")
assert TRICKY in STORY


def meta(page: BeautifulSoup) -> dict[str, str]:
    return {(m.get("property") or m.get("name")): m.get("content") for m in page.find_all("meta")
            if m.get("property") or m.get("name")}


def read(built, url) -> tuple[str, BeautifulSoup]:
    raw = (built / url / "index.html").read_text(encoding="utf-8")
    return raw, BeautifulSoup(raw, "html.parser")


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory, make_site, mkdocs_build):
    tmp = tmp_path_factory.mktemp("share")
    result = mkdocs_build(make_site(tmp / "src", {"commentary/xin.md": STORY}), tmp / "out")
    assert result.returncode == 0, result.stderr
    return tmp / "out"


def test_a_summary_with_ampersand_quotes_and_tags_is_escaped_once(tricky_site):
    raw, page = read(tricky_site, "stories/xin-pinglun")
    tags = meta(page)
    assert tags["description"] == tags["og:description"] == tags["twitter:description"] == TRICKY
    assert "&amp;amp;" not in raw and "&amp;lt;" not in raw and "<b>好</b>" not in raw.split("<body")[0]


def test_an_old_address_carries_the_share_card_of_the_page_it_moved_to(tricky_site):
    _, page = read(tricky_site, "stories/jiu-pinglun")
    tags = meta(page)
    assert tags["og:description"] == tags["description"] == TRICKY
    assert tags["og:title"] == "新的点评 - 对话“到职工中去”"  # four characters: bare
    assert tags["og:url"] == "https://example.org/stories/xin-pinglun/"
    assert tags["og:image"] == "https://example.org/assets/share.png"


@pytest.mark.parametrize("url, title", [("stories/shuzi", "数字 - 对话“到职工中去”"),
                                        ("stories/wangyou-shengyin", "声音 - 对话“到职工中去”"),
                                        ("stories/bianhua", "变化 - 对话“到职工中去”"),
                                        ("columns/hugen", "护根之举 - 对话“到职工中去”"),
                                        ("stories/dao-zhigong-zhong-qu", "到职工中去"),
                                        ("stories/li-shuyong-commentary", "引领产业工人队伍新发展")])
def test_a_bare_title_carries_the_site_name(built_site, url, title):
    tags = meta(read(built_site, url)[1])
    assert tags["og:title"] == tags["twitter:title"] == title


def test_no_description_repeats_its_title(built_site):
    checked = 0
    for path in built_site.rglob("index.html"):
        tags = meta(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"))
        if "og:title" not in tags:
            continue
        title, text = tags["og:title"].split(" - ")[0], tags.get("og:description", "")
        assert text and text != title and text not in title, path  # says more than the title
        checked += 1
    assert checked > 50
    photo = meta(read(built_site, "stories/zhang-qi-photo")[1])
    assert photo["og:description"] == "图片，图中人物：张琦，原载专版《对话“到职工中去”》。"


# --- the share panel, the poster and 朗读 on the page --------------------------

def test_story_pages_have_the_poster_and_read_aloud_buttons_once(built_site):
    raw, page = read(built_site, "stories/zhang-yong-xinsheng")
    poster, listen = page.select(".jishi-poster-button"), page.select(".jishi-listen")
    assert len(poster) == len(listen) == 1
    poster, listen = poster[0], listen[0]
    assert poster.name == listen.name == "button" and poster["type"] == listen["type"] == "button"
    assert poster.has_attr("hidden") and listen.has_attr("hidden")  # until their scripts find what they need
    assert poster.get_text() == "分享海报" and listen.get_text(strip=True) == "朗读"
    assert listen["aria-pressed"] == "false" and poster["aria-expanded"] == "false"
    assert page.find(id=poster["aria-controls"])["class"] == ["jishi-poster"]
    assert {k: poster[f"data-{k}"] for k in ("title", "site", "date", "url", "qr")} == {
        "title": "张涌：心声", "site": "对话“到职工中去”", "date": "2017 年（编辑推定）",
        "url": "https://example.org/stories/zhang-yong-xinsheng/", "qr": "qr.png"}
    assert poster["data-summary"] == meta(page)["og:description"]
    assert page.find(string="长按图片保存，或发送给朋友")
    scripts = [s["src"] for s in page.find_all("script", src=True)]
    for name in ("jishi-share", "jishi-listen"):  # content-hashed names, served beside the page
        (src,) = [s for s in scripts if re.fullmatch(rf"\.\./\.\./assets/jishi/{name}\.[0-9a-f]{{8}}\.js", s)]
        assert (built_site / "stories/zhang-yong-xinsheng" / src).resolve().is_file()


@pytest.mark.parametrize("url", ["", "columns/hugen", "kinds/testimonial", "teams", "teams/wit-team",
                                 "enterprises/wit", "people/zhang-yong"])
def test_lists_and_entity_pages_have_neither_poster_nor_read_aloud(built_site, url):
    raw, page = read(built_site, url)
    assert not page.select(".jishi-poster-button, .jishi-poster, .jishi-listen")
    assert "jishi-listen.js" not in raw


def test_the_qr_panel_shows_a_png_to_long_press_and_keeps_the_downloads(built_site):
    for url in ("stories/zhang-yong-xinsheng", "teams/wit-team"):
        _, page = read(built_site, url)
        panel = page.select_one(".jishi-share")
        assert panel.select_one("img.jishi-share__qr")["src"] == "qr.png"  # a real raster <img>, beside the page
        assert panel.select_one(".jishi-share__hint").get_text() == "长按二维码图片，可以保存或识别"
        assert [a["download"] for a in panel.select(".jishi-share__downloads a")] == [
            f"{url.split('/')[1]}-qr.svg", f"{url.split('/')[1]}-qr.png"]


def test_no_page_carries_a_hidden_share_thumbnail(built_site):
    # WeChat has ignored the first large image of a page as its share thumbnail since 2017.
    for path in built_site.rglob("index.html"):
        raw = path.read_text(encoding="utf-8")
        assert "jishi-share-thumb" not in raw, path
        body = BeautifulSoup(raw[raw.index("<body"):], "html.parser")
        assert not [img for img in body.find_all("img") if img.find_parent(hidden=True)], path
