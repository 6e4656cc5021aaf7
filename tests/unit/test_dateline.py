"""The line under a story's title: date as the content carries it, the settings' source, reading time."""

from types import SimpleNamespace

import pytest

from support import ROOT
from jishi import load_site
from jishi.site.dateline import CHARS_PER_MINUTE, reading_minutes, reading_time, reading_units, story_date


def story(date="2017", derived=None, body="", **data):
    return SimpleNamespace(date=date, derived=derived or {}, body=body, data=data)


@pytest.mark.parametrize("date, derived, text", [
    ("2017", {"date": "…"}, "2017 年（编辑推定）"), ("2017", {}, "2017 年"),
    ("2017-06", {}, "2017 年 6 月"), ("2017-06-01", {}, "2017 年 6 月 1 日")])
def test_date_is_what_the_story_carries_and_says_when_derived(date, derived, text):
    assert story_date(story(date, derived)) == text


def test_reading_time_counts_characters_not_words():
    assert CHARS_PER_MINUTE == 450
    assert reading_units("工会干部 WIT 2017年 “六有”。") == 4 + 1 + 1 + 1 + 2
    eight_thousand = "字" * 8000  # Material's word count said 5 minutes for this
    assert reading_minutes(story(body=eight_thousand)) == 18
    assert reading_time(story(body="字" * 100)) == "不到 1 分钟读完"
    assert reading_time(story(body="字" * 451)) == "约 2 分钟读完"


def test_the_real_lead_story_reads_in_about_three_minutes():
    site, _ = load_site(ROOT)
    lead = site.by_slug["dao-zhigong-zhong-qu"]
    assert 900 < reading_units(lead.body) < 1000 and reading_time(lead) == "约 3 分钟读完"
