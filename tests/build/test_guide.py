"""The editor's guide (编辑指南) is generated from the schema files and the checker."""

import html
import re

import yaml

from support import ROOT
from jishi.content.schema import SCHEMA_DIR

KIND_FILES = sorted(p for p in SCHEMA_DIR.glob("*.yaml") if p.stem != "common")


def keys_of(node) -> set[str]:
    """Every key under any `properties` of a schema document, at any depth."""
    found = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                found |= set(value)
            found |= keys_of(value)
    elif isinstance(node, list):
        for item in node:
            found |= keys_of(item)
    return found


def sections(page: str) -> dict[str, str]:
    """The guide's section of each kind, by kind."""
    parts = re.split(r'<section class="jishi-guide__kind" id="kind-', page)[1:]
    return {part.split('"', 1)[0]: part.split("</section>", 1)[0] for part in parts}


def test_guide_lists_every_key_of_every_schema_file(guide_site):
    page = (guide_site / "guide" / "index.html").read_text(encoding="utf-8")
    by_kind = sections(page)
    assert sorted(by_kind) == sorted(p.stem for p in KIND_FILES)
    common = yaml.safe_load((SCHEMA_DIR / "common.yaml").read_text(encoding="utf-8"))
    for path in KIND_FILES:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        base = common["$defs"][doc["$ref"].rsplit("/", 1)[-1]]
        section = by_kind[path.stem]
        for key in keys_of(doc) | keys_of(base):
            assert f"<code>{key}</code>" in section, (path.name, key)
        for key, prop in doc["properties"].items():  # its Chinese title and description, as written
            for text in (prop.get("title"), prop.get("description")):
                if text:
                    assert html.escape(text, quote=False) in section, (path.name, key, text)
        for key in doc["required"]:
            field = section.split(f'id="field-{path.stem}-{key}"', 1)[1].split("</div>", 1)[0]
            assert "必填</span>" in field, (path.name, key)


def test_guide_is_in_the_nav_and_shows_real_error_messages(guide_site):
    page = (guide_site / "guide" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="[./]*guide/"[^>]*>\s*编辑指南', (guide_site / "index.html").read_text(encoding="utf-8"))
    outputs = re.findall(r'<pre class="jishi-guide__output"><code>(.*?)</code></pre>', page, re.S)
    assert len(outputs) >= 23 and all(o.strip() for o in outputs)
    text = html.unescape(page)
    for message in ["titel: 未知字段（心声没有这个字段）；你是不是想写 'title'？",
                    "column: 找不到栏目 'fangtna'；你是不是想写 'fangtan'（访谈）？",
                    "speaker_role: 字段名后面用了中文冒号“：”",
                    "文件是 GBK/GB18030 编码", "警告: 正文: 段落在句子中间断开",
                    "image: 找不到图片文件 docs/images/li-mnig.jpg", "正文: 不允许 <script> 脚本",
                    "urls.txt:1:1: 已发布的网址 /stories/li-ming-xinsheng/ 不再有页面"]:
        assert message in text, message
    speaker = re.search(r'speaker: "([a-z-]+)"', text)[1]  # examples come from the real content
    assert (ROOT / "stories" / "people" / f"{speaker}.md").is_file()


def test_guide_shows_the_workbench_with_its_screenshots(guide_site, built_site):
    html = (guide_site / "guide" / "index.html").read_text(encoding="utf-8")
    shots = re.findall(r'<img src="\.\./assets/jishi/guide/([a-z0-9-]+\.png)"', html)
    assert {"workbench-home-1280.png", "workbench-problem-1280.png", "preview-edit-390.png"} <= set(shots)
    for name in shots:
        assert (guide_site / "assets" / "jishi" / "guide" / name).stat().st_size < 80_000
    assert "jishi serve" in html and "编辑本页" in html
    assert not (built_site / "assets" / "jishi" / "guide").exists()  # no guide, no screenshots
