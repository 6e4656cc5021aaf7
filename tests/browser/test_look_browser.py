"""What a reader sees, on the campaign and on a fresh `jishi init` site, in Chromium.

axe-core (npm, pinned in package.json) runs its WCAG 2.0/2.1/2.2 A and AA rules on
every page type at 390 and 1280 px in the default, dark and 长辈模式 modes: zero
violations. Beside it, what axe does not measure: the header is opaque and the site's
name contrasts with it, links in a story's text stand out without colour or by 3:1,
every footer is a band across the whole width, and a phone's header shows at least
eight characters of the site's name in every mode.
"""

from __future__ import annotations

import os

import pytest

from support import ROOT, serve_directory

from jishi.site.palette import contrast

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
WIDTHS = {390: 844, 1280: 900}
MODES = {"default": "", "dark": "localStorage.setItem('jishi-theme', 'dark');",
         "elder": "localStorage.setItem('jishi-elder', '1');"}
SEARCH = "#search"  # not a URL: the home page with the search open and a query's results shown

# Every page type of each site (the fresh one also has a retracted story).
PAGES = {
    "campaign": ["", "stories/dao-zhigong-zhong-qu/", "stories/li-shuyong-commentary/", "stories/cao-jing-xinsheng/",
                 "stories/hu-jian-photo/", "stories/wangyou-shengyin/", "stories/shuzi/", "stories/bianhua/",
                 "teams/jiahua-team/", "enterprises/jiahua/", "people/cao-jing/", "columns/hugen/",
                 "kinds/commentary/", "people/", "kinds/photo/", "404.html", SEARCH],
    "fresh": ["", "stories/chongyang/", "stories/li-ming-pinglun/", "stories/wang-fang-xinsheng/",
              "stories/wang-fang-photo/", "stories/shengyin/", "stories/shuzi/", "stories/bianhua/",
              "teams/xingfuli-team/", "enterprises/xingfuli/", "people/wang-fang/", "columns/fengcai/",
              "kinds/case/", "people/", "kinds/photo/", "404.html", "stories/chehui/", SEARCH],
}
QUERY = {"campaign": "职工", "fresh": "志愿"}


@pytest.fixture(scope="module")
def sites(built_site, fresh_site):
    served = {name: serve_directory(path) for name, path in (("campaign", built_site), ("fresh", fresh_site))}
    yield {name: url for name, (url, _) in served.items()}
    for _, server in served.values():
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail("node_modules/axe-core missing; scripts/test installs it with npm ci")
        pytest.skip("node_modules/axe-core missing (bash scripts/test installs it)")
    return AXE.read_text(encoding="utf-8")


def open_page(browser, width: int, mode: str):
    """A page at width in mode; the mode is the reader's stored choice (dark also the system's,
    which is all the standalone retracted page follows)."""
    context = browser.new_context(viewport={"width": width, "height": WIDTHS[width]}, locale="zh-CN",
                                  color_scheme="dark" if mode == "dark" else "light",
                                  is_mobile=width < 800, has_touch=width < 800)
    context.add_init_script(MODES[mode])
    return context, context.new_page()


def visit(page, base: str, path: str, query: str = "") -> None:
    if path != SEARCH:
        page.goto(base + path)
        return
    page.goto(base)
    button = page.locator(".jishi-search-button")
    (button if button.is_visible() else page.locator(".jishi-search__input")).click()  # a phone's icon; the box
    page.locator(".jishi-search__input").press_sequentially(query, delay=20)
    page.wait_for_function("document.querySelectorAll('.jishi-search__link').length > 0")


def axe_violations(page, axe_source: str) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    found = page.evaluate("""(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                         resultTypes: ['violations']})
        .then(r => r.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(
            n => n.target.join(' ') + ' (' + (n.any[0] || n.all[0] || {message: ''}).message + ')').join('; ')))""",
                          AXE_TAGS)
    return found


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("site", list(PAGES))
def test_axe_finds_no_violation_on_any_page_type_nor_is_any_wider_than_the_screen(browser, sites, axe_source, site, width, mode):
    context, page = open_page(browser, width, mode)
    try:
        found = {}
        for path in PAGES[site]:
            visit(page, sites[site], path, QUERY[site])
            violations = axe_violations(page, axe_source)
            wide = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if wide > 0:
                violations.append(f"the page is {wide} px wider than the screen")
            if violations:
                found[path or "/"] = violations
        assert found == {}
    finally:
        context.close()


def rgb(css: str) -> tuple[str, float]:
    """"rgb(r, g, b)" or "rgba(r, g, b, a)" as ("#rrggbb", alpha)."""
    parts = css[css.index("(") + 1:css.index(")")].replace("/", ",").split(",")
    r, g, b = (round(float(p)) for p in parts[:3])
    return f"#{r:02x}{g:02x}{b:02x}", float(parts[3]) if len(parts) > 3 else 1.0


HEADER = """() => {
  const header = document.querySelector('.md-header');
  const name = document.querySelector('.md-header__topic:first-child .md-ellipsis');
  const box = name.getBoundingClientRect();
  const range = document.createRange(), text = name.textContent.trim();
  const node = [...name.childNodes].find(n => n.nodeType === 3 && n.textContent.trim());
  const start = node.textContent.indexOf(text);
  // Whole unless the box cuts it; then the characters left of the ellipsis (one character wide).
  let shown = name.scrollWidth <= name.clientWidth ? text.length : 0;
  for (let i = 0; !shown && i < text.length; i++) {
    range.setStart(node, start + i); range.setEnd(node, start + i + 1);
    const r = range.getBoundingClientRect();
    if (r.right > box.right - r.width) { shown = i; break; }
  }
  const covered = [...header.querySelectorAll('button, label, a, input')].some(b => {
    const r = b.getBoundingClientRect(); const cs = getComputedStyle(b);
    return cs.visibility !== 'hidden' && r.width > 1 && r.left < box.right - 1 && r.right > box.left + 1
      && r.top < box.bottom && r.bottom > box.top && !name.contains(b) && !b.contains(name);
  });
  return {background: getComputedStyle(header).backgroundColor, colour: getComputedStyle(name).color,
          text, shown, covered};
}"""


@pytest.mark.parametrize("site", list(PAGES))
def test_header_is_opaque_and_shows_the_site_name_legibly(browser, sites, site):
    for width in WIDTHS:
        for mode in MODES:
            context, page = open_page(browser, width, mode)
            try:
                page.goto(sites[site])
                seen = page.evaluate(HEADER)
            finally:
                context.close()
            background, alpha = rgb(seen["background"])
            colour, text_alpha = rgb(seen["colour"])
            where = (site, width, mode, seen)
            assert alpha == 1 and text_alpha == 1, where
            assert contrast(background, colour) >= 4.5, where
            assert not seen["covered"], where  # no control drawn over the name
            assert seen["shown"] >= min(8, len(seen["text"])), where


STORY = {"campaign": "stories/dao-zhigong-zhong-qu/", "fresh": "stories/chongyang/"}
LINK = """() => {
  let link = document.querySelector('.jishi-body p a');
  if (!link) {  // a story without a link of its own: the stylesheet's rule for one
    link = document.createElement('a'); link.href = '#'; link.textContent = '一个链接';
    document.querySelector('.jishi-body p').prepend(link);
  }
  const cs = getComputedStyle(link), text = getComputedStyle(link.parentElement);
  return {decoration: cs.textDecorationLine, colour: cs.color, text: text.color};
}"""


@pytest.mark.parametrize("site", list(PAGES))
def test_a_link_in_a_story_stands_out_from_its_text(browser, sites, site):
    for mode in MODES:
        context, page = open_page(browser, 390, mode)
        try:
            page.goto(sites[site] + STORY[site])
            seen = page.evaluate(LINK)
        finally:
            context.close()
        differs = contrast(rgb(seen["colour"])[0], rgb(seen["text"])[0])
        assert "underline" in seen["decoration"] or differs >= 3, (site, mode, seen)


FOOTERS = """() => [...document.querySelectorAll('footer, [class*=footer]')]
  .filter(e => { const bg = getComputedStyle(e).backgroundColor;
                 return e.getBoundingClientRect().height > 0 && bg !== 'transparent' && !/, 0\\)$/.test(bg); })
  .map(e => { const r = e.getBoundingClientRect();
              return {cls: e.className, left: r.left, right: r.right, width: document.documentElement.clientWidth}; })"""


@pytest.mark.parametrize("site", list(PAGES))
def test_every_footer_is_a_band_across_the_page(browser, sites, site):
    for width in WIDTHS:
        context, page = open_page(browser, width, "default")
        try:
            for path in ("", STORY[site], "people/"):
                page.goto(sites[site] + path)
                bands = page.evaluate(FOOTERS)
                assert bands, (site, width, path)
                for band in bands:
                    assert band["left"] <= 0 and band["right"] >= band["width"], (site, width, path, band)
        finally:
            context.close()


DETAILS = """() => {
  const sr = (e) => e.getBoundingClientRect();
  const justified = [...document.querySelectorAll('.md-content p, .md-content li, .md-content h1, .md-content h2, .md-content h3')]
    .filter(e => getComputedStyle(e).textAlign === 'justify' && !e.closest('.jishi-body')).map(e => e.className || e.tagName);
  const seps = [...document.querySelectorAll('.jishi-parts__sep')].map(s => {
    const box = sr(s.closest('.jishi-parts')), r = sr(s), next = sr(s.nextElementSibling);
    return {clipped: r.right <= box.left + 1, sameLine: Math.abs(next.top + next.bottom - r.top - r.bottom) / 2 < r.height / 2, startsLine: r.left <= box.left + 1};
  });
  const input = document.querySelector('#jishi-find-q');
  let placeholder = null;
  if (input) {
    const cs = getComputedStyle(input), ctx = document.createElement('canvas').getContext('2d');
    ctx.font = cs.font;
    placeholder = {text: ctx.measureText(input.placeholder).width,
                   room: input.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)};
  }
  return {justified, seps, placeholder};
}"""


@pytest.mark.parametrize("site", list(PAGES))
def test_no_spread_titles_no_stranded_separators_and_placeholders_that_fit(browser, sites, site):
    for mode in MODES:
        context, page = open_page(browser, 390, mode)
        try:
            for path in ("", STORY[site], "404.html", "kinds/commentary/" if site == "campaign" else "kinds/case/"):
                page.goto(sites[site] + path)
                seen = page.evaluate(DETAILS)
                where = (site, mode, path, seen)
                assert seen["justified"] == [], where
                for sep in seen["seps"]:  # a separator is clipped at a line's start, never left at its end
                    assert sep["clipped"] or (sep["sameLine"] and not sep["startsLine"]), where
                if seen["placeholder"]:
                    assert seen["placeholder"]["text"] <= seen["placeholder"]["room"], where
        finally:
            context.close()


def copy_control_opacity(page, index: int = 0) -> float:
    return float(page.evaluate(f"getComputedStyle(document.querySelectorAll('.jishi-copy-link')[{index}]).opacity"))


def test_paragraph_links_are_quiet_until_tapped_hovered_or_focused(browser, sites):
    context, page = open_page(browser, 390, "default")
    try:
        page.goto(sites["campaign"] + STORY["campaign"])
        paragraphs = page.locator(".jishi-body p[id]")
        assert paragraphs.count() > 2 and page.locator(".jishi-copy-link").count() == paragraphs.count()
        assert copy_control_opacity(page, 0) == 0 and copy_control_opacity(page, 1) == 0
        paragraphs.nth(1).tap()  # a tap on the text shows that paragraph's control only
        page.wait_for_timeout(300)
        assert copy_control_opacity(page, 1) == 1 and copy_control_opacity(page, 0) == 0
        assert paragraphs.nth(1).get_attribute("id").startswith("p-")  # the anchors stay as they were
    finally:
        context.close()
    context, page = open_page(browser, 1280, "default")
    try:
        page.goto(sites["campaign"] + STORY["campaign"])
        page.locator(".jishi-body p[id]").nth(2).hover()
        page.wait_for_timeout(300)
        assert copy_control_opacity(page, 2) == 1 and copy_control_opacity(page, 0) == 0
        page.mouse.move(0, 0)
        page.locator(".jishi-copy-link").first.focus()  # Tab reaches it; focus shows it
        page.wait_for_timeout(300)
        assert copy_control_opacity(page, 0) == 1
        assert page.evaluate("document.activeElement.textContent") == "复制链接"
    finally:
        context.close()
