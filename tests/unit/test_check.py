"""Load → check → plan, once: the page plan the URL check compares against is the build's."""

import shutil

import pytest

from jishi.site import check, urls
from jishi.site.check import check_site
from support import ROOT


def test_the_pages_are_planned_once_and_the_url_check_uses_that_plan(monkeypatch):
    calls = []
    real = check.plan_pages
    monkeypatch.setattr(check, "plan_pages", lambda *args: calls.append(args) or real(*args))
    monkeypatch.setattr(urls, "plan_pages", lambda *args: pytest.fail("the URL check planned the pages again"))
    checked = check_site(ROOT, url_sources=("urls.txt",))
    assert not checked.problems.errors
    assert len(calls) == 1
    published = [u for u, _ in urls.read_published_urls(ROOT / "urls.txt")]
    served = {"/" + p.url for p in checked.pages}
    assert set(published) - served <= {"/feed.xml"}  # the feed is no page; every other URL is planned


def test_a_url_the_plan_lacks_is_reported_from_the_same_plan(tmp_path):
    (tmp_path / "urls.txt").write_text("/stories/no-such-story/\n", encoding="utf-8")
    shutil.copytree(ROOT / "stories", tmp_path / "stories")
    checked = check_site(tmp_path, url_sources=("urls.txt",))
    assert [p.code for p in checked.problems.errors] == ["url-removed"]
    assert str(checked.problems.errors[0]).startswith("urls.txt:1:1: 已发布的网址 /stories/no-such-story/ 不再有页面")
