"""长辈模式 and dark mode in a real browser: large text remembered across pages; dark follows the system."""

import re

import pytest

STORY = "stories/zhang-yong-xinsheng/"


def rgb(css: str) -> tuple[int, ...]:
    return tuple(int(float(v)) for v in re.findall(r"[\d.]+", css)[:3])


def looks(page) -> dict:
    return page.evaluate("""() => {
      const p = document.querySelector('.jishi-body p'), b = getComputedStyle(document.body);
      const notes = document.querySelector('.jishi-notes');
      return {size: parseFloat(getComputedStyle(p).fontSize), bg: b.backgroundColor, fg: getComputedStyle(p).color,
              notes: notes ? getComputedStyle(notes).color : '',
              controls: getComputedStyle(document.querySelector('.jishi-modes')).display};
    }""")


@pytest.fixture
def context_for(browser):
    made = []

    def make(**options):
        ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", **options)
        made.append(ctx)
        return ctx.new_page()
    yield make
    for ctx in made:
        ctx.close()


def test_elder_mode_is_large_and_remembered_across_pages(context_for, site_url):
    page = context_for()
    page.goto(site_url + STORY)
    assert looks(page)["size"] < 22
    page.get_by_role("button", name="长辈模式").click()
    assert looks(page)["size"] >= 22
    assert page.get_by_role("button", name="长辈模式").get_attribute("aria-pressed") == "true"
    page.goto(site_url + "stories/cao-jing-xinsheng/")
    assert looks(page)["size"] >= 22 and rgb(looks(page)["fg"]) == (0, 0, 0)
    page.get_by_role("button", name="长辈模式").click()
    assert looks(page)["size"] < 22


def test_dark_follows_the_system_and_the_toggle_overrides_it(context_for, site_url):
    page = context_for(color_scheme="dark")
    page.goto(site_url + STORY)
    assert sum(rgb(looks(page)["bg"])) < 100 and sum(rgb(looks(page)["fg"])) > 600
    assert page.get_by_role("button", name="深色").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="深色").click()
    assert rgb(looks(page)["bg"]) == (255, 255, 255)
    page.goto(site_url)  # the choice holds on the next page
    assert rgb(page.evaluate("getComputedStyle(document.body).backgroundColor")) == (255, 255, 255)


def test_without_javascript_the_page_reads_in_dark_and_shows_no_dead_controls(context_for, site_url):
    page = context_for(color_scheme="dark", java_script_enabled=False)
    page.goto(site_url + STORY)
    seen = looks(page)
    assert sum(rgb(seen["bg"])) < 100 and sum(rgb(seen["notes"])) > 450  # notes readable on dark
    assert seen["controls"] == "none"
