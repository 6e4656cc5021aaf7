"""Real `mkdocs build --strict` of the real site and of small fixture sites."""

import html
import re
from pathlib import Path

import pytest

from support import ROOT
from jishi import load_site

SEED = ROOT / "sources" / "000_7b75013789eb843c.txt"
# Section headings printed with a colon; the site prints them as titles without it.
HEADINGS = {"声音：": "声音", "数字：": "数字", "变化：": "变化"}


def text_of(page: Path) -> str:
    """Visible text of the article part of a built page, tags stripped."""
    raw = page.read_text(encoding="utf-8")
    article = raw[raw.index("<article"): raw.rindex("</article>")]
    return html.unescape(re.sub(r"<[^>]+>", "", article))


@pytest.fixture(scope="module")
def story_texts(built_site):
    return {p.parent.name: text_of(p) for p in sorted((built_site / "stories").glob("*/index.html"))}


def seed_lines():
    lines = [l.strip() for l in SEED.read_text(encoding="utf-8").splitlines()]
    return [l for l in lines if l]


def test_jishi_check_passes_on_real_content(jishi_cli):
    result = jishi_cli("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("检查通过：21 篇稿件")


def test_every_seed_line_is_on_a_story_page(story_texts):
    everything = "\n".join(story_texts.values())
    flat = re.sub(r"\s+", "", everything)
    missing = []
    for line in seed_lines()[1:]:  # line 3, the masthead, is the site name
        line = HEADINGS.get(line, line)
        if " " in line:  # a byline: "role name" prints as name and role
            role, name = line.rsplit(" ", 1)
            ok = role.replace(" ", "") in flat and name in flat
        elif line.startswith("践行了群众路线"):  # the four changes, run together by the extraction
            ok = all(part in flat for part in re.split(r"(?<=[拉密加凸][近切深显])", line) if part)
        else:
            ok = line in flat
        if not ok:
            missing.append(line[:30])
    assert missing == []


def test_mended_paragraphs_are_whole_and_printed_once(story_texts):
    flat = {slug: re.sub(r"\s+", "", t) for slug, t in story_texts.items()}
    joined = {
        "dao-zhigong-zhong-qu": ["深入8个企业开展“到职工中去”活动", "参加劳动体验就达到2250多个小时", "“引导员”；一是着力构筑"],
        "zhang-yong-xinsheng": ["指导企业开展工资集体协商"],
        "yao-lijun-xinsheng": ["市总工会提出的“六有”目标"],
        "cao-jing-xinsheng": ["为丰富民营企业工会工作"],
        "su-jian-xinsheng": ["让我在今后的工作中更有底气"],
    }
    for slug, parts in joined.items():
        for part in parts:
            assert part in flat[slug], (slug, part)
    everything = "".join(flat.values())
    for printed_twice in ["他们讲授的主题不是一己之意", "在公司开展了12项提高职工队伍素质"]:
        assert everything.count(printed_twice) == 1


def test_pages_for_every_team_and_enterprise_list_their_stories(built_site):
    site, _ = load_site(ROOT)
    for group, prefix, index in ((site.teams, "teams", site.by_team), (site.enterprises, "enterprises", site.by_enterprise)):
        assert group, prefix
        for slug, entry in group.items():
            page = built_site / prefix / slug / "index.html"
            raw = page.read_text(encoding="utf-8")
            assert f"<h1 data-jishi-pinyin>{html.escape(entry.name, quote=False)}</h1>" in raw  # pinyin: jishi.search.text
            article = raw[raw.index("<article"):]
            linked = set(re.findall(r'class="jishi-card__link" href="\.\./\.\./stories/([a-z0-9-]+)/"', article))
            assert linked == {s.slug for s in index.get(slug, [])}, slug
    assert "武汉市总工会驻中建幕墙工作队" in (built_site / "enterprises/zhongjian-mumian/index.html").read_text(encoding="utf-8")


def test_story_page_shows_byline_and_chips(built_site):
    raw = (built_site / "stories/dong-yongxiang-commentary/index.html").read_text(encoding="utf-8")
    assert "<h1>密切联系职工群众的创新之举</h1>" in raw
    assert '<span class="jishi-byline__role">湖北省总工会党组书记、常务副主席</span>' in raw
    assert 'href="../../columns/hugen/"' in raw and 'href="../../people/dong-yongxiang/"' in raw


def test_home_page_is_chinese_and_asks_no_other_host(built_site):
    raw = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in raw
    assert "fonts.googleapis" not in raw and "fonts.gstatic" not in raw
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        hosts = re.findall(r'(?:src|href)="(https?://[^"/]+)', text)
        # Only the site's own canonical URL may be absolute.
        assert set(hosts) <= {"https://example.org"}, (page, set(hosts))


def test_broken_story_fails_the_build_naming_file_and_line(tmp_path, make_site, mkdocs_build):
    bad = ("---\nkind: commentary\nslug: x\ntitel: 标题\nauthor: dong-yongxiang\n"
           "author_role: 教授\ncolumn: hugen\ndate: '2017'\n---\n正文\n")
    site = make_site(tmp_path / "s", {"commentary/x.md": bad})
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode != 0
    assert ("stories/commentary/x.md:4:1: titel: 未知字段（专家点评没有这个字段）；你是不是想写 'title'？"
            "title 是必填字段，现在还没有写") in result.stderr
    assert "title: 必填字段缺失" not in result.stderr  # the misspelt key is the one mistake
    assert "Traceback" not in result.stderr


def test_fixture_site_builds_a_story_page(tmp_path, make_site, mkdocs_build):
    good = ("---\nkind: testimonial\nslug: zhang-song-new\nspeaker: zhang-song\n"
            "speaker_role: 操作部职工\ncolumn: nuanxin\ndate: 2024-05-01\n---\n第一段<b>心声</b>。\n")
    site = make_site(tmp_path / "s", {"testimonial/z.md": good})
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    raw = (tmp_path / "out/stories/zhang-song-new/index.html").read_text(encoding="utf-8")
    assert "<h1>张淞：心声</h1>" in raw
    person = (tmp_path / "out/people/zhang-song/index.html").read_text(encoding="utf-8")
    assert 'href="../../stories/zhang-song-new/"' in person


def test_generated_page_colliding_with_a_docs_page_fails(tmp_path, make_site, mkdocs_build):
    site = make_site(tmp_path / "s", {})
    (site / "docs" / "index.md").write_text("# 手写首页\n", encoding="utf-8")
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode != 0
    assert "页面冲突：index.md 既由 jishi 生成" in result.stderr
    assert "Traceback" not in result.stderr
