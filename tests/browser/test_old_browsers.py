"""Browsers too old for the search: it says so in Chinese instead of showing nothing.

Pagefind's WebAssembly needs reference types (iOS 15.1, Chrome 96); the
APIs are taken away from Chromium by an init script, as an old WeChat lacks them.
"""

import pytest

from test_search import open_search

OLD = "当前浏览器版本较旧，无法使用站内搜索，请升级微信或浏览器"
STORY = "stories/li-shuyong-commentary/"

WITHOUT = {
    "no WebAssembly": "delete window.WebAssembly;",
    "no reference types": "WebAssembly.validate = () => false;",
}


def on_top(locator) -> bool:
    """Nothing covers the element's first line (the desktop's search hint sits in the same place)."""
    return locator.evaluate("""e => { const r = e.getBoundingClientRect();
        return e.contains(document.elementFromPoint(r.left + 8, r.top + 8)); }""")


@pytest.fixture(params=[390, 1280], ids=["phone", "desktop"])
def reader(request, browser):
    width = request.param
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="zh-CN",
                                  is_mobile=width < 600, has_touch=width < 600)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("script", WITHOUT.values(), ids=WITHOUT.keys())
def test_search_says_the_browser_is_too_old(reader, site_url, script):
    phone = reader
    phone.add_init_script(script)
    fetched = []
    phone.on("request", lambda r: fetched.append(r.url))
    phone.goto(site_url + STORY)
    box = phone.locator(".jishi-search__input")
    if phone.viewport_size["width"] < 600:
        open_search(phone)
    else:
        box.click()  # the box sits in the desktop header
    status = phone.locator(".jishi-search__status")
    assert status.is_visible() and status.inner_text() == OLD and on_top(status)  # at once, before typing
    box.press_sequentially("职工", delay=30)
    phone.wait_for_timeout(300)
    assert status.is_visible() and status.inner_text() == OLD and on_top(status)
    assert phone.locator(".jishi-search__result").count() == 0
    assert not phone.locator(".jishi-search__filters").is_visible()
    assert not [u for u in fetched if "/pagefind/" in u]  # nothing loaded that could not run


def test_a_current_browser_is_not_told_it_is_too_old(phone, site_url):
    phone.goto(site_url + STORY)
    open_search(phone)
    phone.locator(".jishi-search__input").press_sequentially("职工", delay=30)
    phone.locator(".jishi-search__result").first.wait_for()
    assert OLD not in phone.locator(".jishi-search__status").inner_text()
