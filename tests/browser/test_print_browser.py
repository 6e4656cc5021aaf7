"""The printout, as Chromium prints it: no controls, the site, address, date and QR on top, nothing split."""

import re

STORY = "stories/zhang-yong-xinsheng/"


def pages_of(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_print_shows_the_site_address_date_and_qr_and_hides_every_control(phone, site_url):
    phone.goto(site_url + STORY)
    phone.emulate_media(media="print")
    shown = phone.evaluate("""() => {
      const vis = s => [...document.querySelectorAll(s)].some(e => getComputedStyle(e).display !== 'none'
                                                                && e.getClientRects().length);
      const head = document.querySelector('.jishi-print-head');
      return {head: vis('.jishi-print-head') ? head.innerText : '',
              qr: vis('.jishi-share__qr'), controls: ['.jishi-copy-link', '.jishi-modes', '.md-header',
              '.jishi-search', '.jishi-share__downloads', '.jishi-pager', '.jishi-chips'].filter(vis)};
    }""")
    assert shown["head"].split("\n") == ["对话“到职工中去”", "https://example.org/stories/zhang-yong-xinsheng/",
                                         "2017 年（编辑推定）"]
    assert shown["qr"] and shown["controls"] == []


def test_figures_and_stories_print_without_blank_or_split_pieces(phone, site_url):
    for url, most in (("stories/shuzi/", 2), (STORY, 1), ("stories/dao-zhigong-zhong-qu/", 2)):
        phone.goto(site_url + url)
        assert pages_of(phone.pdf(format="A4")) <= most, url
    phone.goto(site_url + "stories/shuzi/")
    phone.emulate_media(media="print")
    rules = phone.evaluate("""() => ['.jishi-notes', '.jishi-chart', 'table.jishi-figures']
        .map(s => getComputedStyle(document.querySelector(s)).breakInside)""")
    assert rules == ["avoid", "avoid", "avoid"]
