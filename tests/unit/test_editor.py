"""The editor's workbench: `jishi new`, `--fix-encoding`, schema export for editor tools."""

import json
import re
import shutil

import pytest

from support import ROOT
from jishi import load_schema
from jishi.editor.export import frontmatter_config, json_schemas

KINDS = ["case", "commentary", "testimonial", "photo", "voices", "figures", "changes",
         "team", "enterprise", "column", "person"]
# A real entity of each kind, to fill reference placeholders with.
REAL = {"person": "zhang-song", "team": "wit-team", "enterprise": "wit", "column": "nuanxin"}


@pytest.fixture
def site(tmp_path, make_site):
    root = make_site(tmp_path / "site", {})
    shutil.copytree(ROOT / "stories", root / "stories", dirs_exist_ok=True)
    return root


def fill(text: str, kind: str) -> str:
    """What an editor does: replace every TODO with a real value."""
    props = load_schema().kinds[kind].properties

    def value(match):
        prop = props.get(match["key"], {})
        target = prop.get("x-ref") or (prop.get("items") or {}).get("x-ref")
        if target:
            return f'{match["key"]}: {REAL[target]}'
        if match["key"] in ("order", "value"):
            return f'{match["key"]}: 7'
        return f'{match["key"]}: "工会干部到职工中去"'

    text = re.sub(r'(?P<key>\w+): "TODO：[^"]*"', value, text)
    text = re.sub(r'- "TODO：[^"]*"', '- "关系在“去”中拉近"', text)
    return text.replace("TODO：在这里写正文（照原文，一段一行，段与段之间空一行）", "工会干部走进车间，与职工同吃同住。")


@pytest.mark.parametrize("kind", KINDS)
def test_new_file_fails_check_until_filled_then_passes(site, kind, jishi_main):
    result = jishi_main("new", kind, "--title", "到职工中去的日子", cwd=site)
    assert result.returncode == 0, result.stderr
    path_line, url_line, *_ = result.stdout.splitlines()
    rel = path_line.removeprefix("已新建：")
    assert rel.startswith("stories/") and rel.endswith(".md")
    path = site / rel
    text = path.read_text(encoding="utf-8")
    slug = re.search(r"^slug: (\S+)$", text, re.M)[1]
    assert slug.startswith("dao-zhi-gong-zhong-qu")
    assert url_line.startswith("网址：https://example.org/") and url_line.endswith(f"/{slug}/")
    ks = load_schema().kinds[kind]
    for name in ks.required:  # every required key is there, under its Chinese comment
        assert re.search(rf"^{name}:", text, re.M), name
        if name not in ("kind",):
            assert f"# {ks.properties[name].get('title', name)}（必填" in text
    if ks.is_story:
        assert re.search(r'^date: "\d{4}-\d\d-\d\d"$', text, re.M)
    check = jishi_main("check", cwd=site)
    if "TODO" in text:
        assert check.returncode == 1
        assert f"{rel}:" in check.stdout and "还没有填写（占位内容“TODO：" in check.stdout
        path.write_text(fill(text, kind), encoding="utf-8")
        check = jishi_main("check", cwd=site)
    assert check.returncode == 0, check.stdout
    assert "警告" not in check.stdout, check.stdout


def test_new_takes_required_fields_as_options_and_keeps_slugs_unique(site, jishi_main):
    result = jishi_main("new", "testimonial", "--speaker", "zhang-song", "--speaker-role", "武汉国际集装箱有限公司(WIT)操作部职工",
                       "--column", "nuanxin", cwd=site)
    assert result.stdout.splitlines()[0] == "已新建：stories/testimonial/zhang-song-xinsheng-2.md"
    text = (site / "stories/testimonial/zhang-song-xinsheng-2.md").read_text(encoding="utf-8")
    assert 'speaker: "zhang-song"' in text and 'column: "nuanxin"' in text
    assert "#   已有：hugen（护根之举）" in text  # known columns listed under the column comment
    draft = jishi_main("new", "changes", "--title", "变化", "--draft", "true", "--items", "关系在“去”中拉近", cwd=site)
    text = (site / draft.stdout.splitlines()[0].removeprefix("已新建：")).read_text(encoding="utf-8")
    assert "\ndraft: true\n" in text and '\nitems:\n  - "关系在“去”中拉近"\n' in text
    person = jishi_main("new", "person", "--title", "张彩萍", cwd=site)
    assert person.stdout.splitlines()[0] == "已新建：stories/people/zhang-caiping-2.md"
    bad = jishi_main("new", "person", "--column", "hugen", cwd=site)
    assert bad.returncode == 2 and bad.stderr.strip() == "错误：人物没有这些字段：--column"
    typo = jishi_main("new", "testimonal", cwd=site)
    assert typo.returncode == 2 and typo.stderr.strip() == "错误：未知的类型 'testimonal'；你是不是想写 'testimonial'？"


def test_new_prompts_on_a_terminal(site, monkeypatch, capsys):
    from jishi import cli

    answers = iter(["到职工中去", "zhongjian-mumian-team", "", ""])  # title, team, author, date
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    assert cli.main(["new", "case", "--root", str(site)]) == 0
    text = (site / "stories/case/dao-zhi-gong-zhong-qu.md").read_text(encoding="utf-8")
    assert 'title: "到职工中去"' in text and 'team: "zhongjian-mumian-team"' in text
    assert 'author_team: "TODO：作者（工作队）的网址名"' in text  # Enter leaves a placeholder


def test_fix_encoding_round_trips_a_gbk_file(site, jishi_main):
    path = site / "stories/testimonial/zhang-song-xinsheng.md"
    original = path.read_bytes()
    path.write_bytes(original.decode("utf-8").replace("\n", "\r\n").encode("gbk"))  # Notepad on Windows
    before = jishi_main("check", cwd=site)
    assert before.returncode == 1
    assert "stories/testimonial/zhang-song-xinsheng.md:5:16: 文件是 GBK/GB18030 编码，本系统只接受 UTF-8" in before.stdout
    assert "jishi check --fix-encoding" in before.stdout
    fixed = jishi_main("check", "--fix-encoding", cwd=site)
    assert fixed.returncode == 0, fixed.stdout
    lines = fixed.stdout.splitlines()
    assert lines[0].startswith("stories/testimonial/zhang-song-xinsheng.md: 编码 GB18030 → UTF-8（")
    assert "    kind: \"testimonial\"" in lines
    assert "stories/testimonial/zhang-song-xinsheng.md: 已转存为 UTF-8。" in lines
    assert path.read_bytes() == original.replace(b"\n", b"\r\n")  # every character, every line end


def test_exported_editor_files_are_up_to_date_with_the_schema():
    schema = load_schema()
    for name, doc in json_schemas(schema).items():
        committed = json.loads((ROOT / "editor" / "schema" / name).read_text(encoding="utf-8"))
        assert committed == doc, f"editor/schema/{name} is stale: run jishi schema export editor/schema --frontmatter frontmatter.json"
    assert json.loads((ROOT / "frontmatter.json").read_text(encoding="utf-8")) == frontmatter_config(schema)
    assert sorted(p.name for p in (ROOT / "editor" / "schema").glob("*.json")) == sorted(json_schemas(schema))


def test_exported_json_schema_accepts_the_real_content_and_names_errors(tmp_path):
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    from jishi.content.load import find_story_files
    from jishi.content.loader import read_source

    docs = json_schemas(load_schema())
    registry = Registry().with_resources((k, Resource.from_contents(v)) for k, v in docs.items())
    validator = Draft202012Validator(docs["jishi.schema.json"], registry=registry)
    for path in find_story_files(ROOT / "stories"):
        assert list(validator.iter_errors(read_source(path, path.name).data)) == [], path
    assert [e.message for e in validator.iter_errors({"kind": "person", "slug": "x"})] == ["'name' is a required property"]
    types = {t["name"]: t for t in frontmatter_config(load_schema())["frontMatter.taxonomy.contentTypes"]}
    testimonial = types["testimonial"]
    assert {"title": "讲述人", "name": "speaker", "type": "string", "required": True,
            "description": "讲述人的人物网址名，例如 li-ming。"} in testimonial["fields"]

