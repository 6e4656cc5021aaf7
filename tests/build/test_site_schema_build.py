"""A second site made by `jishi init`, with its own schema/ folder: one added field,
two relabelled entities (工作队 → 服务队, 企业 → 社区) and one new kind (活动)."""

import html
import json
import re
from pathlib import Path

import pytest

from support import jishi_cli, mkdocs_build

TEAM = """# 这个网站的“工作队”叫服务队，多一个服务地点
title: 服务队
description: 在社区开展服务的志愿服务队。
properties:
  location:
    title: 服务地点
    description: 服务队主要活动的地点，照原文。
    type: string
    minLength: 1
"""
ENTERPRISE = "title: 社区\ndescription: 服务队所在的社区。\n"
EVENT = """title: 活动
description: 一次志愿服务活动的记录。
required: [title, place]
properties:
  title:
    title: 活动名称
    $ref: urn:jishi:schema:common#/$defs/text
  place:
    title: 地点
    description: 活动举办的地点。
    type: string
    minLength: 1
  team:
    title: 主办服务队
    $ref: urn:jishi:schema:common#/$defs/ref
    x-ref: team
"""


def text_of(page: Path) -> str:
    raw = page.read_text(encoding="utf-8")
    article = raw[raw.find("<article"):raw.find("</article>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", article)))


def run(site: Path, *args: str) -> str:
    result = jishi_cli(*args, "--root", str(site), cwd=site)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def second_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("second")
    result = jishi_cli("init", "site2", "--name", "社区志愿服务纪实", "--sponsor", "某某街道志愿者协会", cwd=root)
    assert result.returncode == 0, result.stderr
    site = root / "site2"
    (site / "schema").mkdir()
    for name, text in (("team", TEAM), ("enterprise", ENTERPRISE), ("event", EVENT)):
        (site / "schema" / f"{name}.yaml").write_text(text, encoding="utf-8")
    run(site, "new", "enterprise", "--title", "幸福里社区", "--slug", "xingfuli")
    site.joinpath("new-team.txt").write_text(
        run(site, "new", "team", "--title", "幸福里志愿服务队", "--slug", "xingfuli-team", "--enterprise", "xingfuli",
            "--location", "幸福里社区活动中心"), encoding="utf-8")
    run(site, "new", "event", "--title", "重阳节敬老活动", "--slug", "chongyang", "--place", "幸福里社区活动中心",
        "--team", "xingfuli-team")
    event = site / "stories" / "event" / "chongyang.md"
    event.write_text(re.sub(r"(?m)^TODO：.*$", "活动当天，志愿者为老人送去了慰问品。", event.read_text(encoding="utf-8")),
                     encoding="utf-8")
    assert "检查通过：1 篇稿件，1 个服务队，1 个社区" in run(site, "check")
    settings = site / "jishi.yml"  # the guide is published only when the settings say so
    settings.write_text((settings.read_text(encoding="utf-8") if settings.is_file() else "") + "\nguide: true\n",
                        encoding="utf-8")
    built = mkdocs_build(site, site / "site")
    assert built.returncode == 0, built.stderr
    return site


def test_relabelled_entities_and_added_field_on_pages(second_site):
    team = text_of(second_site / "site/teams/xingfuli-team/index.html")
    assert team.startswith(" 服务队 幸福里志愿服务队 ")
    assert "所驻社区 幸福里社区" in team  # 企业 → 社区 renames the built-in field title too
    assert "详细信息 服务地点 幸福里社区活动中心" in team
    community = text_of(second_site / "site/enterprises/xingfuli/index.html")
    assert community.startswith(" 社区 幸福里社区 服务队 幸福里志愿服务队 ")
    assert "工作队" not in team + community and "企业" not in team + community
    tabs = re.findall(r'class="md-tabs__link[^"]*"[^>]*>\s*([^<]*?)\s*<',
                      (second_site / "site/index.html").read_text(encoding="utf-8"))
    assert tabs == ["首页", "服务队", "社区", "编辑指南"]  # the nav: only what the site has, as the site names it (guide: true)


def test_new_kind_rendered_by_the_generic_story_template(second_site):
    event = text_of(second_site / "site/stories/chongyang/index.html")
    assert event.startswith(" 活动 重阳节敬老活动 ")
    assert "详细信息 地点 幸福里社区活动中心 主办服务队 幸福里志愿服务队" in event
    assert text_of(second_site / "site/kinds/event/index.html").startswith(" 活动 共 1 篇")


def test_guide_and_jishi_new_and_export_know_the_sites_schema(second_site, tmp_path):
    guide = html.unescape((second_site / "site/guide/index.html").read_text(encoding="utf-8"))
    assert "服务队（<code>team</code>）" in guide and "活动（<code>event</code>）" in guide
    field = guide.split('id="field-team-location"', 1)[1].split("</div>", 1)[0]
    assert "<code>location</code> 服务地点" in field and "可选" in field
    assert 'id="field-event-place"' in guide
    made = (second_site / "stories/teams/xingfuli-team.md").read_text(encoding="utf-8")
    assert "# 类型：服务队（不要改）" in made and "# 所驻社区（必填）：所驻社区的网址名。" in made
    assert '# 服务地点（可选）：服务队主要活动的地点，照原文。\nlocation: "幸福里社区活动中心"' in made
    kinds = jishi_cli("new", "--help", cwd=second_site).stdout
    assert re.search(r"event\s+活动", kinds) and re.search(r"team\s+服务队", kinds), kinds
    assert re.search(r"--location 值\s+服务地点（可选）", jishi_cli("new", "team", "--help", cwd=second_site).stdout)
    assert re.search(r"--place 值\s+地点（必填）", jishi_cli("new", "event", "--help", cwd=second_site).stdout)
    run(second_site, "schema", "export", str(tmp_path / "out"))
    event = json.loads((tmp_path / "out" / "event.schema.json").read_text(encoding="utf-8"))
    assert event["title"] == "活动" and event["properties"]["place"]["title"] == "地点"
    team = json.loads((tmp_path / "out" / "team.schema.json").read_text(encoding="utf-8"))
    assert team["title"] == "服务队" and team["properties"]["location"]["title"] == "服务地点"


def test_broken_site_schema_is_a_chinese_error_with_file_and_line(second_site, tmp_path):
    import shutil
    site = tmp_path / "broken"
    shutil.copytree(second_site, site, ignore=shutil.ignore_patterns("site", ".jishi-cache"))
    bad = EVENT.replace("    type: string\n    minLength: 1\n  team:", "    type: strng\n    minLength: 1\n  team:")
    (site / "schema" / "event.yaml").write_text(bad, encoding="utf-8")
    expected = "schema/event.yaml:11:5: properties.place.type: 不是有效的类型：'strng'；你是不是想写 'string'？"
    checked = jishi_cli("check", cwd=site)
    assert checked.returncode == 1 and checked.stdout.splitlines()[0] == expected
    built = mkdocs_build(site, tmp_path / "out")
    assert built.returncode != 0 and expected in built.stderr and "Traceback" not in built.stderr
    new = jishi_cli("new", "event", cwd=site)
    assert new.returncode == 1 and new.stderr.splitlines()[0] == expected
