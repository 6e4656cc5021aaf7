"""Every editor's note on the real site's built pages quotes what stands where it says.

Each quoted passage of a note (编辑说明) must stand in the source document
(sources/), and in the place the note names: this page's body (本篇/正文/本文),
or the body of the story it names (同版《标题》, 张涌的心声) as built.
"""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from support import ROOT
from jishi import load_site
from jishi.content.notes import normalise, quotes_of, story_names

SOURCE = normalise((ROOT / "sources" / "000_7b75013789eb843c.txt").read_text(encoding="utf-8"))


def page(built: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((built / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def body_text(soup: BeautifulSoup) -> str:
    body = soup.select_one(".jishi-body")
    if body is None:
        return ""
    for control in body.select("button, .jishi-anchor"):
        control.decompose()
    return normalise(body.get_text())


def pieces(passage: str) -> list[str]:
    return [p for p in normalise(passage).split("…") if p]


@pytest.fixture(scope="module")
def model():
    site, problems = load_site(ROOT)
    assert site is not None, problems
    return site


def test_every_quoting_note_quotes_the_source_and_the_place_it_names(built_site, model):
    names = {name: story for story in model.stories for name in story_names(story)}  # unique here
    checked, wrong = 0, []
    for entry in [*model.stories, *model.teams.values(), *model.enterprises.values(),
                  *model.people.values(), *model.columns.values()]:
        soup = page(built_site, entry.url)
        notes = [li.get_text() for li in soup.select(".jishi-notes li")]
        assert len(notes) == len(entry.derived) + len(entry.mends), entry.url
        for note in notes:
            for quote in quotes_of(note, names):
                checked += 1
                if not all(p in SOURCE for p in pieces(quote.text)):
                    wrong.append((entry.url, note, quote.text, "not in the source document"))
                    continue
                if quote.place == "source":
                    continue
                if quote.place == "":
                    wrong.append((entry.url, note, quote.text, "no place named"))
                    continue
                where = entry if quote.place == "self" else names.get(quote.place)
                text = body_text(page(built_site, where.url)) if where is not None else ""
                if not all(p in text for p in pieces(quote.text)):
                    wrong.append((entry.url, note, quote.text, f"not on {quote.place}'s page"))
    assert wrong == []
    assert checked >= 40  # the real site's notes quote 40-odd passages


def test_the_date_note_names_the_testimonial_it_quotes(built_site):
    notes = [li.get_text() for li in page(built_site, "stories/cao-jing-xinsheng/").select(".jishi-notes li")]
    assert "日期为编辑推定：原文未印发表日期；据同版张涌的心声“2017年是我们公司‘艰难困苦’的一年”推定为 2017 年" in notes
