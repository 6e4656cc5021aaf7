"""Property tests for body links and text hygiene: no trick of spelling gets a URL or a character past."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from hypothesis import example
from hypothesis import strategies as st

from support import property_test

from jishi.content.hygiene import hygiene_problems, invisible_chars
from jishi.content.links import BodyLink, LinkTargets, browser_url, link_problems, other_host
from jishi.content.loader import parse_source

BLANK_LETTERS = "\u115f\u1160\u3164\uffa0\u2800\u034f"  # letters that render as nothing: flagged too
# Every character of these categories is invisible, or renders as something it is not.
INVISIBLE = st.characters(categories=["Cf", "Co", "Zl", "Zp"]).filter(
    lambda c: not ("\U000e0020" <= c <= "\U000e007f"))  # tag characters: legitimate in flag emoji
# Any letters but those of scripts that shape with joiners (Arabic, Indic), where ZWJ/ZWNJ are legitimate.
VISIBLE = st.text(st.characters(categories=["Lo", "Lu", "Ll", "Nd"], exclude_characters="\"\\").filter(
    lambda c: not 0x0600 <= ord(c) <= 0x0DFF and not 0xFB50 <= ord(c) <= 0xFEFE
    and c not in BLANK_LETTERS), min_size=1, max_size=12)
SLUG = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)


@property_test(300, before=VISIBLE, ch=INVISIBLE, after=VISIBLE)
@example(before="张淞", ch="\u202e", after="心声")
def test_an_invisible_character_in_a_title_is_an_error_at_its_column(before, ch, after):
    text = f'---\nkind: testimonial\nslug: a\ntitle: "{before}{ch}{after}"\n---\n正文。\n'
    source = parse_source(text.encode("utf-8"), "stories/a.md")
    found = [p for p in hygiene_problems(source) if p.code == "text-invisible"]
    assert len(found) == 1 and found[0].is_error and found[0].field == "title"
    assert (found[0].line, found[0].col) == (4, len('title: "') + len(before) + 1)
    assert f"U+{ord(ch):04X}" in found[0].message


@property_test(300, st.text(st.characters(categories=["L", "M", "N", "P", "S", "Zs"]), max_size=40))
def test_visible_text_is_never_flagged(text):
    flagged = [text[i] for i in invisible_chars(text)]
    assert all(c in BLANK_LETTERS for c in flagged), flagged


@property_test(100, st.text(st.sampled_from(["\u200b", "\u202e", "\ufeff", " ", "\n", "\t", "\u2060"]), max_size=20))
def test_a_body_of_nothing_visible_is_empty(body):
    source = parse_source(f"---\nkind: commentary\nslug: a\n---\n{body}".encode("utf-8"), "stories/a.md")
    assert any(p.code == "body-empty" and p.is_error for p in hygiene_problems(source))


# A browser reads all of these as "another host": the start, then noise it drops or turns into /.
OTHER_HOST_STARTS = st.sampled_from(["//", "/\\", "\\\\", "\\/"])
NOISE = st.text(st.sampled_from(["\t", "\n", "\r"]), max_size=2)
EDGES = st.text(st.sampled_from([" ", "\x00", "\x01", "\x1f", "\x0b"]), max_size=2)


@dataclass
class Page:
    path: str = "stories/a.md"
    url: str = "stories/a/"
    src_uri: str = "stories/a.md"


TARGETS = LinkTargets(src_uris={"stories/b.md", "images/x.jpg"}, served={"", "stories/b/", "images/x.jpg"},
                      slugs={"stories": ["b"]}, host="example.org")


@property_test(400, lead=EDGES, start=OTHER_HOST_STARTS, noise=NOISE, host=SLUG, trail=EDGES)
@example(lead="", start="/\\", noise="", host="evil", trail="")
def test_any_spelling_of_another_host_is_refused(lead, start, noise, host, trail):
    url = f"{lead}{start[0]}{noise}{start[1]}{host}.example/p.gif{trail}"
    assert other_host(url)
    for tag in ("a", "img"):
        problems = link_problems(Page(), [BodyLink(tag, url, 9, 1)], TARGETS)
        # Images from another host are the HTML allowlist's to refuse (sanitize uses other_host too).
        assert (len(problems) == 1) if tag == "a" else problems == []


@property_test(200, st.text(max_size=30))
def test_browser_url_is_idempotent(url):
    assert browser_url(browser_url(url)) == browser_url(url)


@property_test(200, slug=SLUG)
def test_a_story_link_resolves_exactly_when_the_story_is_published(slug):
    for url in (f"../{slug}/", f"/stories/{slug}/", f"{slug}.md"):
        problems = link_problems(Page(), [BodyLink("a", url, 9, 1)], TARGETS)
        assert (problems == []) == (slug == "b"), url
        if problems:
            assert problems[0].message.startswith("链接指向的页面不存在")


def test_the_fast_class_holds_every_assigned_invisible_character():
    from jishi.content.hygiene import _BAD, _is_bad

    for code in range(0x80, 0x10000):
        ch = chr(code)
        if 0xD800 <= code <= 0xDFFF or unicodedata.category(ch) == "Cn":
            continue
        assert bool(_BAD.fullmatch(ch)) == _is_bad(ch), f"U+{code:04X}"
