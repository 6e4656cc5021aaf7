"""The foot of every page, from jishi.yml: each line set shows, each line unset leaves nothing."""

import pytest
from bs4 import BeautifulSoup


FULL = """sponsor: 某某市总工会
organizer: 某某日报社
copyright: © 2017 某某市总工会 版权所有
icp: 鄂ICP备12345678号-1
police:
  number: 鄂公网安备 42010202000123号
  code: "42010202000123"
site_code: "4201000001"
"""


@pytest.fixture
def build(make_site, mkdocs_build):
    """build(tmp, settings): a fixture site with that jishi.yml (None: none), built."""
    return lambda tmp, settings: _build(make_site, mkdocs_build, tmp, settings)


def _build(make_site, mkdocs_build, tmp_path, settings: str | None):
    site = make_site(tmp_path / "src", {})
    if settings is None:
        (site / "jishi.yml").unlink()
    else:
        (site / "jishi.yml").write_text(settings, encoding="utf-8")
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    return tmp_path / "out"


def footer(out, url=""):
    page = BeautifulSoup((out / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    return page.select("footer")


def test_every_line_set_is_shown_on_every_page_with_its_links(tmp_path, build):
    out = build(tmp_path, FULL)
    for url in ("", "teams", "kinds/case", "people"):
        [foot] = footer(out, url)
        lines = [" ".join(p.stripped_strings) for p in foot.select(".jishi-footer__line")]
        assert lines == ["主办：某某市总工会 承办：某某日报社", "© 2017 某某市总工会 版权所有",
                         "鄂ICP备12345678号-1 鄂公网安备 42010202000123号", "网站标识码：4201000001"]
        icp, police = foot.select(".jishi-footer__records a")
        assert icp["href"] == "https://beian.miit.gov.cn/" and icp.get_text() == "鄂ICP备12345678号-1"
        assert police["href"] == "https://beian.mps.gov.cn/#/query/webSearch?code=42010202000123"
        badge = police.find("svg")
        assert badge is not None and badge.get("aria-hidden") == "true" and not police.find("img")


def test_unset_lines_leave_nothing_and_no_settings_no_footer(tmp_path, build):
    out = build(tmp_path / "a", "copyright: © 某某\n")
    [foot] = footer(out)
    assert [p.get_text() for p in foot.select("p")] == ["© 某某"]
    assert "主办" not in str(foot) and "ICP" not in str(foot) and "beian" not in str(foot)
    assert footer(build(tmp_path / "b", None)) == []
    assert footer(build(tmp_path / "c", "accent: \"#1565c0\"\n")) == []  # settings, but no footer line
