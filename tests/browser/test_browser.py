"""A real browser (Debian's Chromium via Playwright) on the built site."""

from urllib.parse import urlparse


def test_home_and_story_on_a_phone_ask_only_127_0_0_1(phone, site_url):
    requested = []
    phone.on("request", lambda req: requested.append(req.url))
    phone.goto(site_url)
    assert phone.locator("h1").first.inner_text() == "对话“到职工中去”"
    phone.goto(site_url + "stories/zhang-song-xinsheng/")
    assert phone.locator("article h1").inner_text() == "张淞：心声"
    assert "他们讲授的主题不是一己之意" in phone.locator(".jishi-body").inner_text()
    # The page fits the phone: nothing wider than the viewport.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    hosts = {urlparse(u).hostname for u in requested if not u.startswith(("data:", "blob:"))}
    assert len(requested) > 3
    assert hosts == {"127.0.0.1"}, hosts
    # Material fetches sitemap.xml for each link[rel=alternate]; the feed link must not trigger it.
    assert not [u for u in requested if u.endswith("sitemap.xml")]


def test_navigation_from_story_to_team_and_enterprise(phone, site_url):
    phone.goto(site_url + "stories/zhang-yong-xinsheng/")
    phone.locator(".jishi-chip", has_text="工作队").click()
    assert phone.locator("article h1").inner_text() == "武汉市总工会驻武汉嘉华汽车塑料制品有限公司小分队"
    phone.locator(".jishi-facts a").first.click()
    assert phone.locator("article h1").inner_text() == "武汉嘉华汽车塑料制品有限公司"
    assert phone.locator(".jishi-card__title").all_inner_texts() == ["张涌：心声"]
