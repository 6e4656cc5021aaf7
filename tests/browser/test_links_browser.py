"""Links in a real browser: aliases, copy-link, QR codes on screen, a sub-path site."""

from __future__ import annotations

import functools
import http.server
import io
import threading

import pytest
import zxingcpp
from PIL import Image

from support import ALIASED, QuietHandler, copy_real_site

STORY = "stories/dao-zhigong-zhong-qu/"


@pytest.fixture
def clipboard_page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN",
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    yield page
    context.close()


def decode_on_screen(page, selector: str) -> list[str]:
    """Screenshot an element as the reader sees it and decode the QR code in it."""
    shot = page.locator(selector).screenshot()
    with Image.open(io.BytesIO(shot)) as image:
        return [r.text for r in zxingcpp.read_barcodes(image)]


def test_alias_url_lands_on_the_story_keeping_the_anchor(phone, tmp_path, make_site, mkdocs_build, serve):
    site = make_site(tmp_path / "src", {"commentary/xin.md": ALIASED})
    assert mkdocs_build(site, tmp_path / "out").returncode == 0
    url, server = serve(tmp_path / "out")
    try:
        phone.goto(url + "stories/jiu-pinglun/")
        phone.wait_for_url(url + "stories/xin-pinglun/")
        assert phone.locator("article h1").inner_text() == "新的点评"
        anchor = phone.locator(".jishi-body p").nth(1).get_attribute("id")
        phone.goto(url + "stories/jiu-pinglun/#" + anchor)
        phone.wait_for_url(url + "stories/xin-pinglun/#" + anchor)
    finally:
        server.shutdown()
        server.server_close()


def test_copy_link_puts_the_paragraph_url_on_the_clipboard_and_it_scrolls_there(clipboard_page, site_url):
    page = clipboard_page
    page.goto(site_url + STORY)
    para = page.locator(".jishi-body p[id]").nth(2)
    anchor = para.get_attribute("id")
    assert anchor.startswith("p-")
    button = para.locator("button.jishi-copy-link")
    assert button.inner_text() == "复制链接"
    button.click()
    page.wait_for_function("document.querySelector('.jishi-copy-link.is-done') !== null")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == site_url + STORY + "#" + anchor
    assert page.locator(".jishi-copy-link.is-done").inner_text() == "已复制"

    page.goto(site_url)  # away, then follow the copied link
    page.goto(copied)
    assert page.evaluate("document.querySelector(':target').id") == anchor
    assert page.evaluate("window.scrollY") > 300
    top = page.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top")
    assert 0 <= top < 844 / 2
    assert "复制链接" in para.inner_text()  # the control sits inside the paragraph it copies


def test_qr_code_on_the_page_decodes_to_its_canonical_url(phone, site_url):
    for path in (STORY, "teams/zhongjian-mumian-team/", "enterprises/dinglong/"):
        phone.goto(site_url + path)
        phone.locator(".jishi-share").scroll_into_view_if_needed()
        canonical = phone.locator("link[rel=canonical]").get_attribute("href")
        assert canonical == "https://example.org/" + path
        assert decode_on_screen(phone, ".jishi-share__qr") == [canonical]


def test_site_served_from_a_sub_path_works(browser, tmp_path, mkdocs_build):
    """site_url with a path: every link, asset, canonical URL and QR code follows it."""
    handler = functools.partial(QuietHandler, directory=str(tmp_path / "www"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}/jishi/"
    src = copy_real_site(tmp_path / "src", base)
    result = mkdocs_build(src, tmp_path / "www" / "jishi")
    assert result.returncode == 0, result.stderr
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    bad = []
    page.on("response", lambda r: bad.append(r.url) if r.status >= 400 or not r.url.startswith(base) else None)
    try:
        page.goto(base)
        page.locator(".md-tabs__link", has_text="工作队").click()
        page.locator("article a", has_text="中建幕墙工作队").first.click()
        assert page.url == base + "teams/zhongjian-mumian-team/"
        page.locator(".jishi-card__link").first.click()
        assert page.url == base + STORY
        assert page.locator("link[rel=canonical]").get_attribute("href") == base + STORY
        assert page.locator("meta[property='og:image']").get_attribute("content") == base + "assets/share.png"
        qr = decode_on_screen(page, ".jishi-share__qr")
        assert qr == [base + STORY]
        page.goto(qr[0])  # the printed QR code opens the page
        assert page.locator("article h1").inner_text() == "到职工中去"
        page.locator(".jishi-chip", has_text="企业").click()
        assert page.url == base + "enterprises/zhongjian-mumian/"
        assert page.request.get(base + "feed.xml").text().count(f"<id>{base}stories/") == 21
        assert bad == []
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_copy_link_falls_back_when_the_clipboard_api_is_refused(phone, site_url):
    """Older WeChat browsers: writeText refused, the hidden-textarea copy still works."""
    phone.add_init_script("""
        navigator.clipboard.writeText = () => Promise.reject(new Error("denied"));
        document.execCommand = (cmd) => { window.__copied = [cmd, document.activeElement.value]; return true; };
    """)
    phone.goto(site_url + STORY)
    para = phone.locator(".jishi-body p[id]").first
    para.locator("button.jishi-copy-link").click()
    phone.wait_for_function("window.__copied !== undefined")
    assert phone.evaluate("window.__copied") == ["copy", site_url + STORY + "#" + para.get_attribute("id")]
    assert para.locator("button").inner_text() == "已复制"
