"""A site's schema/ folder: how it extends the built-in schema, and its mistakes in Chinese."""

from pathlib import Path

from jishi.content.schema import load_schema
from jishi.content.site_schema import load_site_schema


def site(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "schema").mkdir(parents=True)
    for name, text in files.items():
        (tmp_path / "schema" / name).write_text(text, encoding="utf-8")
    return tmp_path


def errors(tmp_path: Path, files: dict[str, str]) -> list[str]:
    schema, problems = load_site_schema(site(tmp_path, files))
    assert schema is None
    return [str(p) for p in problems]


def test_no_folder_is_the_built_in_schema(tmp_path):
    assert load_site_schema(tmp_path) == (load_schema(), [])


def test_relabel_add_a_field_and_a_kind(tmp_path):
    schema, problems = load_site_schema(site(tmp_path, {
        "enterprise.yaml": "title: 社区\n",
        "team.yaml": "title: 服务队\nproperties:\n  location:\n    title: 服务地点\n    type: string\n"
                     "  period:\n    title: 服务时间\n",
        "event.yaml": "title: 活动\nrequired: [title]\nproperties:\n  title:\n    title: 活动名称\n    type: string\n",
    }))
    assert problems == []
    assert schema.labels["team"] == "服务队" and schema.labels["enterprise"] == "社区" and schema.labels["event"] == "活动"
    team = schema.kinds["team"]
    assert team.site_fields == ["location"] and team.field_title("location") == "服务地点"
    assert team.field_title("enterprise") == "所驻社区" and team.field_title("period") == "服务时间"
    assert schema.kinds["case"].field_title("enterprise") == "社区"  # renamed wherever the built-in said 企业
    assert schema.kinds["event"].is_story and "event" in schema.story_kinds
    assert load_schema().labels["team"] == "工作队"  # the built-in schema is untouched


def test_a_built_in_fields_rules_cannot_change(tmp_path):
    assert errors(tmp_path, {"team.yaml": "properties:\n  name:\n    title: 队名\n    type: integer\n"}) == [
        "schema/team.yaml:4:5: properties.name.type: 不能改内置字段 name 的规则（type）；"
        "已有字段只能改 title 和 description；需要别的规则，请加一个新名字的字段"]


def test_yaml_mistakes_and_unknown_keys_name_file_and_line(tmp_path):
    found = errors(tmp_path, {"team.yaml": "title: 服务队\nproperties:\n  location\n    title: 地点\n",
                              "event.yaml": "title: 活动\nx-kind: entity\nproperties: {}\n",
                              "case.yaml": "required: [location]\n"})
    assert found[0] == ("schema/case.yaml:1:1: required: 扩展内置类型时不能写 required；"
                        "只能写 title、description（改中文名称和说明）和 properties（改字段的中文名，或加可选字段）")
    assert found[1] == ("schema/event.yaml:2:1: x-kind: 新增的类型只能是稿件（x-kind: story）；"
                        "工作队、企业、栏目、人物这几类实体不能新增，只能改名或加字段")
    assert found[2].startswith("schema/team.yaml:4:") and "YAML 语法错误" in found[2]


def test_a_new_field_needs_a_title_and_known_references(tmp_path):
    assert errors(tmp_path, {"person.yaml": "properties:\n  unit:\n    type: string\n"
                                            "  friend:\n    title: 朋友\n    x-ref: friend\n"}) == [
        "schema/person.yaml:2:3: properties.unit: 字段 unit 必须写 title（中文名称）；例如 title: 地点",
        "schema/person.yaml:6:5: properties.friend.x-ref: x-ref 只能指向 team、enterprise、column、person；"
        "引用字段填对方的网址名，例如 x-ref: person"]
