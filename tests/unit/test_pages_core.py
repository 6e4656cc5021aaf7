"""Unit tests of the core helpers behind the reader pages: relations, quotes, chart."""

import os
import shutil
import sys

import pytest

from support import ROOT
from jishi import load_site
from jishi.site.charts import BAR_MAX, figure_chart
from jishi.content.model import Column, Site, Story, Team
from jishi.site.quotes import first_paragraph, glossed_terms
from jishi.content.relations import RELATED_MAX, build_relations
from jishi.site.render import format_figure


@pytest.fixture(scope="module")
def site():
    site, problems = load_site(ROOT)
    assert site is not None, problems
    return site


def test_previous_and_next_follow_the_printed_order_of_each_column(site):
    rel = site.relations
    for slug, stories in site.by_column.items():
        assert [s.order for s in stories] == sorted(s.order for s in stories)
        for a, b in zip(stories, stories[1:]):
            assert rel.next[a.slug] is b and rel.previous[b.slug] is a
        assert stories[0].slug not in rel.previous and stories[-1].slug not in rel.next
    # Photos sit in no column: they are walked through in the gallery's order.
    photos = [s.slug for s in site.by_kind["photo"]]
    assert rel.next["wang-yuechu-photo"].slug == "zhang-qi-photo" and photos[0] == "wang-yuechu-photo"


def test_related_stories_share_a_group_and_skip_self_and_neighbours(site):
    rel = site.relations
    groups = {}
    for name, index in (("c", site.by_column), ("t", site.by_team), ("e", site.by_enterprise)):
        for key, stories in index.items():
            for s in stories:
                groups.setdefault(s.slug, set()).add((name, key))
    assert any(rel.related.values())
    for story in site.stories:
        related = rel.related[story.slug]
        assert len(related) <= RELATED_MAX
        banned = {story.slug} | {x.slug for x in (rel.previous.get(story.slug), rel.next.get(story.slug)) if x}
        for other in related:
            assert other.slug not in banned
            assert groups[story.slug] & groups[other.slug], (story.slug, other.slug)
    assert [s.slug for s in rel.related["yang-dongmei-commentary"]] == [
        "zheng-guanghuai-commentary", "dai-zhengqing-commentary", "li-yinan-commentary"]


def test_related_prefers_stories_sharing_more_groups():
    column = Column(path="c.md", data={"kind": "column", "slug": "c", "name": "栏", "order": 1})
    team = Team(path="t.md", data={"kind": "team", "slug": "t", "name": "队"})
    stories = [Story(path=f"{i}.md", data={"kind": "testimonial", "slug": f"s{i}", "order": i, "date": "2017"},
                     column=column) for i in range(6)]
    stories[0].team = stories[5].team = team
    site = Site(stories=stories, teams={"t": team}, enterprises={}, columns={"c": column}, people={})
    assert [s.slug for s in site.relations.related["s0"]][0] == "s5"


def _relate_a_column(n: int) -> tuple[dict, int]:
    """build_relations over one column of n stories: (the related lists, lines of jishi's code it ran)."""
    column = Column(path="c.md", data={"kind": "column", "slug": "c", "name": "栏", "order": 1})
    stories = [Story(path=f"{i}.md", data={"kind": "commentary", "slug": f"s{i}", "order": i, "date": "2017"},
                     column=column) for i in range(n)]
    site = Site(stories=stories, teams={}, enterprises={}, columns={"c": column}, people={})
    steps = 0

    def line(frame, event, arg):
        nonlocal steps
        steps += event == "line"
        return line

    def call(frame, event, arg):  # count the lines of jishi's own modules only
        return line if f"{os.sep}jishi{os.sep}" in frame.f_code.co_filename else None

    sys.settrace(call)
    try:
        rel = build_relations(site)
    finally:
        sys.settrace(None)
    return rel.related, steps


def test_relations_stay_linear_for_a_huge_column():
    # Lines run, not seconds: twice the stories, about twice the work (quadratic would be four times).
    related, small = _relate_a_column(2_000)
    big_related, big = _relate_a_column(4_000)
    assert big < 2.5 * small, (small, big)
    assert [s.slug for s in related["s100"]] == ["s98", "s102", "s97"]
    assert [s.slug for s in big_related["s3000"]] == ["s2998", "s3002", "s2997"]


def test_glossed_terms_quote_the_lead_story_exactly(site):
    body = site.by_kind["case"][0].body
    terms = glossed_terms(body)
    assert [t.term for t in terms] == ["六同", "六小", "六有"]
    assert terms[0].parts == ["同吃", "同住", "同劳动", "同学习", "同活动", "同成长"]
    assert terms[2].parts[-1] == "服务基层有成效"
    for t in terms:
        assert t.quote in body and f"“{t.term}”({t.gloss})" == t.quote


def test_glossed_terms_accept_full_width_brackets_and_ignore_plain_brackets():
    text = "开展“三进”（进车间、进班组）活动，深入班组(社区)，再说“三进”（重复）。"
    terms = glossed_terms(text)
    assert [(t.term, t.parts) for t in terms] == [("三进", ["进车间", "进班组"])]
    assert glossed_terms("") == [] and glossed_terms("没有术语(括号)。") == []


def test_first_paragraph_is_the_first_block_joined():
    assert first_paragraph("\n\n第一段\n续行。\n\n第二段。") == "第一段 续行。"
    assert first_paragraph("") == ""


def test_chart_groups_by_unit_and_scales_bars_within_each_group():
    items = [{"label": "民情笔记", "value": 297, "unit": "篇"}, {"label": "调研报告", "value": 8, "unit": "篇"},
             {"label": "实事", "value": 141, "unit": "件"},
             {"label": "媒体", "value": 230, "unit": "篇", "qualifier": "余"},
             {"label": "网友", "value": 1.7, "unit": "万名"}]
    groups = figure_chart(items, format_figure)
    assert [g.unit for g in groups] == ["篇", "件", "万名"]
    pian = groups[0]
    assert [r.label for r in pian.rows] == ["民情笔记", "调研报告", "媒体"]
    assert [r.text for r in pian.rows] == ["297篇", "8篇", "230余篇"]
    assert pian.rows[0].width == BAR_MAX
    # Bars are proportional to the values: no minimum length, no log scale.
    assert pian.rows[1].width == pytest.approx(BAR_MAX * 8 / 297, abs=0.05)
    assert pian.rows[2].width == pytest.approx(BAR_MAX * 230 / 297, abs=0.05)
    assert [r.y for r in pian.rows] == [0, 46, 92] and not pian.single
    assert groups[1].single and groups[2].single and groups[2].rows[0].text == "1.7万名"


def test_chart_of_zeros_draws_no_bars():
    groups = figure_chart([{"label": "a", "value": 0, "unit": "个"}, {"label": "b", "value": 0, "unit": "个"}], format_figure)
    assert [r.width for r in groups[0].rows] == [0, 0]


def test_a_derived_values_note_names_the_field_as_the_sites_schema_does(tmp_path, site):
    from jishi.site.render import notes_of

    team = site.teams["dinglong-team"]
    assert notes_of(team, site)[0].startswith("队名为编辑推定：原文未印队名")
    shutil.copytree(ROOT / "stories", tmp_path / "stories")
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "team.yaml").write_text("title: 服务队\nproperties:\n  name:\n    title: 服务队名称\n",
                                                   encoding="utf-8")
    relabelled, problems = load_site(tmp_path)
    assert relabelled is not None, problems
    notes = notes_of(relabelled.teams["dinglong-team"], relabelled)
    assert notes[:2] == ["服务队名称为编辑推定：原文未印队名；据同版罗刚的心声“驻企同志”，按所驻企业命名",
                         "驻企时间为编辑推定：据同版《到职工中去》“每次时间为两周”"]


def test_one_rule_turns_a_docs_file_into_its_url():
    from jishi.site.plan import PlannedPage, directory_url

    assert [directory_url(p) for p in ("index.md", "teams/index.md", "stories/a-b.md", "guide.md",
                                       "assets/x.css", "about/index.md")] == [
        "", "teams/", "stories/a-b/", "guide/", "assets/x.css", "about/"]
    assert PlannedPage("kinds/case.md", "纪实报道", "jishi/kind.html", ("kind", "case")).url == "kinds/case/"
