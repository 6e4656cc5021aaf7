"""The WeChat share card of a site with an official account (jishi.yml `wechat`): off unless set.

The site's signing service is answered by the test (Playwright's route) and
its copy of the JS-SDK is a stub that records what the page asks of it.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from support import ALIASED, make_site, mkdocs_build, serve_directory
from test_share_browser import WECHAT

SDK_STUB = """window.wx = {calls: [],
  config: function (c) { this.calls.push(["config", c]); },
  ready: function (f) { setTimeout(f, 0); },
  updateAppMessageShareData: function (d) { this.calls.push(["friend", d]); },
  updateTimelineShareData: function (d) { this.calls.push(["moments", d]); }};
"""
SIGNED = {"appId": "wx0123456789abcdef", "timestamp": 1714521600, "nonceStr": "abc", "signature": "0f" * 20}


@pytest.fixture(scope="module")
def card_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wechat")
    site = make_site(tmp / "src", {"commentary/xin.md": ALIASED})
    settings = site / "jishi.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "wechat:\n  signature_url: /api/wechat-signature\n"
                        "  sdk: /static/jweixin-1.6.0.js\n", encoding="utf-8")
    result = mkdocs_build(site, tmp / "out")
    assert result.returncode == 0, result.stderr
    url, server = serve_directory(tmp / "out")
    yield url, tmp / "out"
    server.shutdown()
    server.server_close()


def open_page(browser, url, user_agent):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", user_agent=user_agent)
    asked, elsewhere = [], []

    def route(r):
        parts = urlsplit(r.request.url)
        if parts.hostname != "127.0.0.1":
            elsewhere.append(r.request.url)
            r.abort()
        elif parts.path == "/api/wechat-signature":
            asked.append(r.request.url)
            r.fulfill(status=200, content_type="application/json", body=json.dumps(SIGNED))
        elif parts.path == "/static/jweixin-1.6.0.js":  # served by the site's server, not published by jishi
            r.fulfill(status=200, content_type="text/javascript", body=SDK_STUB)
        else:
            r.continue_()
    context.route("**/*", route)
    page = context.new_page()
    page.goto(url)
    return context, page, asked, elsewhere


def test_inside_wechat_the_card_is_set_from_the_pages_share_tags(browser, card_site):
    url, out = card_site
    context, page, asked, elsewhere = open_page(browser, url + "stories/xin-pinglun/", WECHAT)
    try:
        page.wait_for_function("() => window.wx && window.wx.calls.length === 3")
        calls = page.evaluate("window.wx.calls")
    finally:
        context.close()
    assert [parse_qs(urlsplit(u).query)["url"] for u in asked] == [[url + "stories/xin-pinglun/"]]
    assert calls[0] == ["config", {**SIGNED, "debug": False,
                                   "jsApiList": ["updateAppMessageShareData", "updateTimelineShareData"]}]
    card = {"title": "新的点评 - 对话“到职工中去”", "desc": "这是一篇用于测试的点评，有完整日期和旧网址。",
            "link": "https://example.org/stories/xin-pinglun/", "imgUrl": "https://example.org/assets/share.png"}
    assert calls[1:] == [["friend", card], ["moments", {k: card[k] for k in ("title", "link", "imgUrl")}]]
    assert elsewhere == []


def test_other_browsers_ask_nothing_of_the_signing_service(browser, card_site):
    url, _ = card_site
    context, page, asked, _ = open_page(browser, url + "stories/xin-pinglun/", None)
    try:
        page.wait_for_load_state("networkidle")
        assert page.evaluate("typeof window.wx") == "undefined"
    finally:
        context.close()
    assert asked == []


def test_the_script_is_on_every_page_only_where_the_site_sets_it(card_site, built_site):
    _, out = card_site
    for path in ("index.html", "stories/xin-pinglun/index.html", "teams/index.html"):
        page = BeautifulSoup((out / path).read_text(encoding="utf-8"), "html.parser")
        script = page.find("script", attrs={"data-jishi-wechat": True})
        assert script["data-jishi-wechat"] == "/api/wechat-signature", path
        assert re.search(r"assets/jishi/jishi-wechat\.[0-9a-f]{8}\.js$", script["src"]), script["src"]
        assert script["data-sdk"] == "/static/jweixin-1.6.0.js"
    for path in built_site.rglob("*.html"):  # the campaign has no official account: nothing
        assert "jishi-wechat" not in path.read_text(encoding="utf-8"), path
