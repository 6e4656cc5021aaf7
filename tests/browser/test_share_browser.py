"""Sharing as WeChat readers can: the poster drawn in the browser, the QR panel's long-press hint; and 朗读.

The poster is drawn in Chromium with WeChat's user agent and every host but
127.0.0.1 cut off; its pixels must hold the page's canonical URL as a QR code.
Read-aloud runs against a stubbed speechSynthesis that records what it is given.
"""

from __future__ import annotations

import base64
import io
import json
import re
from urllib.parse import urlsplit

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from PIL import Image

from support import jishi_cli, mkdocs_build, serve_directory

WECHAT = ("Mozilla/5.0 (Linux; Android 13; V2148A Build/TP1A.220624.014; wv) AppleWebKit/537.36 "
          "(KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 "
          "MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin "
          "NetType/WIFI Language/zh_CN ABI/arm64")
STORY = "stories/zhang-yong-xinsheng/"


@pytest.fixture
def wechat(browser):
    """A phone page with WeChat's user agent; requests to any host but 127.0.0.1 aborted and listed."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="zh-CN", user_agent=WECHAT)
    elsewhere = []

    def local_only(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()
    context.route("**/*", local_only)
    page = context.new_page()
    page.elsewhere = elsewhere
    yield page
    context.close()


def poster_pixels(page) -> Image.Image:
    page.locator(".jishi-poster-button").click()
    img = page.locator(".jishi-poster img")
    img.wait_for()
    src = img.get_attribute("src")
    assert img.evaluate("e => e.tagName") == "IMG" and src.startswith("data:image/png;base64,")
    return Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1])))


def test_the_poster_is_an_image_holding_the_pages_qr_code_in_wechat_offline(wechat, site_url):
    wechat.goto(site_url + STORY)
    with poster_pixels(wechat) as image:
        assert image.width == 1080 and image.height > image.width
        found = [r.text for r in zxingcpp.read_barcodes(image)]
    assert found == ["https://example.org/stories/zhang-yong-xinsheng/"]
    poster = wechat.locator(".jishi-poster")
    assert poster.locator(".jishi-poster__hint").inner_text() == "长按图片保存，或发送给朋友"
    assert poster.locator("img").get_attribute("alt") == "分享海报：张涌：心声，含本页二维码"
    assert not poster.locator(".jishi-poster__save").is_visible()  # WeChat blocks downloads
    assert wechat.locator(".jishi-poster-button").get_attribute("aria-expanded") == "true"
    assert wechat.elsewhere == []  # nothing asked of any other host


def test_the_qr_panel_tells_wechat_readers_to_long_press(wechat, site_url):
    for url in (STORY, "teams/wit-team/"):
        wechat.goto(site_url + url)
        panel = wechat.locator(".jishi-share")
        assert panel.locator(".jishi-share__hint").inner_text() == "长按二维码图片，可以保存或识别"
        assert not panel.locator(".jishi-share__downloads").is_visible()
        qr = panel.locator("img.jishi-share__qr")
        assert qr.evaluate("e => e.complete && e.naturalWidth > 0") and qr.get_attribute("src").endswith("qr.png")
    assert wechat.elsewhere == []


def test_other_browsers_keep_the_downloads_and_open_the_poster_by_keyboard(phone, site_url):
    phone.goto(site_url + STORY)
    assert phone.locator(".jishi-share__downloads").is_visible()
    assert not phone.locator(".jishi-share__hint").is_visible()
    button = phone.locator(".jishi-poster-button")
    button.focus()
    phone.keyboard.press("Enter")
    phone.locator(".jishi-poster img").wait_for()
    save = phone.locator(".jishi-poster__save")
    assert save.is_visible() and save.get_attribute("download") == "zhang-yong-xinsheng-poster.png"
    assert save.get_attribute("href").startswith("data:image/png")
    assert phone.evaluate("document.activeElement.classList.contains('jishi-poster__close')")
    phone.keyboard.press("Enter")  # 关闭海报
    assert not phone.locator(".jishi-poster").is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    assert phone.evaluate("document.activeElement.classList.contains('jishi-poster-button')")


FRESH_STORY = """---
kind: case
slug: shequ-zhiyuan
title: 社区志愿者走进老旧小区，为独居老人上门服务
date: "2024-05-01"
author_team: zhiyuan-dui
team: zhiyuan-dui
summary: 五月的第一天，二十多名志愿者来到老旧小区，挨家挨户为独居老人检查水电、打扫卫生。
---
五月的第一天，二十多名志愿者来到老旧小区。
"""


@pytest.fixture(scope="module")
def fresh_site(tmp_path_factory):
    """A site just made by `jishi init` (no options) with one story, built and served."""
    root = tmp_path_factory.mktemp("fresh")
    assert jishi_cli("init", "site2", "--name", "社区志愿服务纪实", cwd=root).returncode == 0
    site = root / "site2"
    for args in (("enterprise", "--slug", "laojiu", "--name", "老旧小区物业公司"),
                 ("team", "--slug", "zhiyuan-dui", "--name", "社区志愿服务队", "--enterprise", "laojiu")):
        assert jishi_cli("new", *args, "--root", str(site), cwd=site).returncode == 0
    (site / "stories/case").mkdir(parents=True, exist_ok=True)
    (site / "stories/case/shequ-zhiyuan.md").write_text(FRESH_STORY, encoding="utf-8")
    result = mkdocs_build(site, root / "out")
    assert result.returncode == 0, result.stderr
    url, server = serve_directory(root / "out")
    yield url
    server.shutdown()
    server.server_close()


def test_a_fresh_sites_poster_holds_its_own_name_and_qr_code(wechat, fresh_site):
    wechat.goto(fresh_site + "stories/shequ-zhiyuan/")
    assert wechat.locator(".jishi-poster-button").get_attribute("data-site") == "社区志愿服务纪实"
    with poster_pixels(wechat) as image:
        assert [r.text for r in zxingcpp.read_barcodes(image)] == ["https://example.org/stories/shequ-zhiyuan/"]
    assert wechat.elsewhere == []


# --- 朗读 -----------------------------------------------------------------------

def speech_stub(voices: list[dict], end_at_once: bool = True) -> str:
    """An init script replacing speechSynthesis: it records each utterance's text and the cancels."""
    return """(() => {
      const voices = %s, endAtOnce = %s;
      window.__speech = {spoken: [], langs: [], cancels: 0, pending: null};
      class Utterance { constructor(text) { this.text = text; this.onend = null; this.onerror = null; } }
      const synth = {
        getVoices: () => voices,
        speak(u) {
          window.__speech.spoken.push(u.text);
          window.__speech.langs.push(u.voice && u.voice.lang);
          if (endAtOnce) setTimeout(() => u.onend && u.onend({}), 0); else window.__speech.pending = u;
        },
        cancel() { window.__speech.cancels += 1; },
        addEventListener() {},
      };
      Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
      window.SpeechSynthesisUtterance = Utterance;
    })();""" % (json.dumps(voices), json.dumps(end_at_once))


ZH = [{"name": "English", "lang": "en-US"}, {"name": "粤语", "lang": "zh-HK"}, {"name": "普通话", "lang": "zh-CN"}]


def story_text(built_site, slug: str) -> list[str]:
    """The title, then each block of the story as served, whitespace collapsed."""
    page = BeautifulSoup((built_site / "stories" / slug / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = page.select_one("article")
    blocks = [article.h1, *article.select(".jishi-body p, .jishi-voices li, .jishi-changes li")]
    return [re.sub(r"\s+", " ", b.get_text()).strip() for b in blocks]


@pytest.mark.parametrize("slug", ["dao-zhigong-zhong-qu", "wangyou-shengyin", "bianhua"])
def test_read_aloud_reads_the_title_then_the_story_in_order(phone, site_url, built_site, slug):
    phone.add_init_script(speech_stub(ZH))
    phone.goto(site_url + f"stories/{slug}/")
    button = phone.get_by_role("button", name="朗读")
    assert button.is_visible() and button.get_attribute("aria-pressed") == "false"
    button.click()
    phone.wait_for_function("() => document.querySelector('.jishi-listen').getAttribute('aria-pressed') === 'false'")
    speech = phone.evaluate("window.__speech")
    expected = story_text(built_site, slug)
    assert speech["spoken"][0] == expected[0]
    assert "".join(speech["spoken"]) == "".join(expected)  # every block, in order, nothing else
    assert not any("复制链接" in text for text in speech["spoken"])
    assert max(map(len, speech["spoken"])) <= 80  # long paragraphs in pieces of whole sentences or clauses
    assert set(speech["langs"]) == {"zh-CN"}
    assert phone.locator(".jishi-listen__label").inner_text() == "朗读"


def test_read_aloud_stops_on_the_button_and_when_the_page_is_left(phone, site_url):
    phone.add_init_script(speech_stub(ZH, end_at_once=False))
    phone.goto(site_url + "stories/dao-zhigong-zhong-qu/")
    button = phone.locator(".jishi-listen")
    button.focus()
    phone.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "true" and button.inner_text().strip() == "停止"
    assert phone.evaluate("window.__speech.spoken") == ["到职工中去"]
    cancels = phone.evaluate("window.__speech.cancels")
    phone.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "false" and button.inner_text().strip() == "朗读"
    assert phone.evaluate("window.__speech.cancels") > cancels
    phone.evaluate("window.__speech.pending.onend({})")  # a late end event starts nothing
    assert phone.evaluate("window.__speech.spoken") == ["到职工中去"]
    for leave in ("window.dispatchEvent(new PageTransitionEvent('pagehide'))",
                  "Object.defineProperty(document, 'hidden', {value: true, configurable: true});"
                  "document.dispatchEvent(new Event('visibilitychange'))"):
        button.click()
        assert button.get_attribute("aria-pressed") == "true"
        cancels = phone.evaluate("window.__speech.cancels")
        phone.evaluate(leave)
        assert button.get_attribute("aria-pressed") == "false"
        assert phone.evaluate("window.__speech.cancels") > cancels
        phone.evaluate("Object.defineProperty(document, 'hidden', {value: false, configurable: true})")


@pytest.mark.parametrize("script", [speech_stub([{"name": "English", "lang": "en-US"}]),
                                    "delete window.speechSynthesis; delete Window.prototype.speechSynthesis;"],
                         ids=["no Chinese voice", "no speechSynthesis"])
def test_read_aloud_is_hidden_without_a_chinese_voice(phone, site_url, script):
    phone.add_init_script(script)
    phone.goto(site_url + "stories/dao-zhigong-zhong-qu/")
    assert phone.locator(".jishi-listen").count() == 1
    assert not phone.locator(".jishi-listen").is_visible()


def test_print_leaves_out_the_poster_and_read_aloud(phone, site_url):
    phone.add_init_script(speech_stub(ZH))
    phone.goto(site_url + STORY)
    phone.locator(".jishi-poster-button").click()
    phone.locator(".jishi-poster img").wait_for()
    shown = ".jishi-listen, .jishi-poster-button, .jishi-poster"
    assert phone.locator(shown).evaluate_all("els => els.map(e => getComputedStyle(e).display)").count("none") == 0
    phone.emulate_media(media="print")
    assert phone.locator(shown).evaluate_all("els => els.map(e => getComputedStyle(e).display)") == ["none"] * 3
    assert phone.locator(".jishi-share__qr").is_visible()
