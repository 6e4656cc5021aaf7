"""The speed-ups must not change a single answer or byte.

- the flattened schema never accepts a file the real schema rejects;
- Material's nav drawn once per folder gives the same HTML as drawn per page;
- the benchmark's synthetic site is valid and builds under --strict.
"""

from __future__ import annotations

import copy
import filecmp
import subprocess
import sys

import pytest

from support import HOOKS, ROOT, run_env
from jishi.content.load import find_story_files
from jishi.content.loader import read_source
from jishi.content.schema import load_schema, validate_front_matter

sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402


def _real_data() -> list[dict]:
    return [read_source(p, p.name).data for p in find_story_files(ROOT / "stories")]


def _mutations(data: dict):
    """Broken variants of one valid front matter: one mistake each."""
    for key in list(data):
        broken = dict(data)
        del broken[key]
        yield broken
        for bad in (123, "", None, ["x"], {"a": 1}, "Bad Slug!", 1.5, True):
            yield {**data, key: bad}
    yield {**data, "titel": "x"}
    yield {**data, "derived": {"title": ""}}
    yield {**data, "aliases": ["same", "same"]}
    for key in ("items", "people", "members"):
        if isinstance(data.get(key), list) and data[key]:
            first = data[key][0]
            yield {**data, key: []}
            if isinstance(first, dict):
                for inner in list(first):
                    item = copy.deepcopy(first)
                    del item[inner]
                    yield {**data, key: [item]}
                    yield {**data, key: [{**first, inner: None}]}
                yield {**data, key: [{**first, "extra": 1}]}


def test_fast_schema_never_accepts_what_the_schema_rejects():
    schema = load_schema()
    checked = rejected = 0
    for data in _real_data():
        ks = schema.kinds[data["kind"]]
        assert ks.fast is not None, (f"{data['kind']}: schema uses a keyword hooks/jishi/schema_fast.py "
                                     "cannot flatten; teach it the keyword (or validation stays slow)")
        assert ks.fast(data), data["slug"]  # the fast path is really taken
        for broken in _mutations(data):
            checked += 1
            if ks.fast(broken):
                assert ks.validator.is_valid(broken), broken
            else:
                rejected += 1
    assert checked > 1000 and rejected > 500


def test_fast_schema_gives_up_on_keywords_draft7_would_ignore():
    from jishi.content.schema_fast import fast_validator

    schema = load_schema()
    doc = copy.deepcopy(schema.kinds["voices"].raw)
    assert fast_validator(doc, schema.common) is not None
    doc["properties"]["items"]["prefixItems"] = [{"type": "object"}]
    assert fast_validator(doc, schema.common) is None
    doc = copy.deepcopy(schema.kinds["voices"].raw)
    doc["dependentRequired"] = {"title": ["items"]}
    assert fast_validator(doc, schema.common) is None


def test_fast_schema_keeps_the_messages():
    schema = load_schema()
    data = next(d for d in _real_data() if d["kind"] == "commentary")
    source = read_source(next(p for p in find_story_files(ROOT / "stories") if p.name.startswith(data["slug"])), "x.md")
    source.data = {**data, "titel": "x"}
    del source.data["author_role"]
    messages = sorted((p.field, p.message) for p in validate_front_matter(source, schema))
    assert messages == [("author_role", "必填字段缺失"), ("titel", "未知字段（专家点评没有这个字段）")]


def test_nav_drawn_once_per_folder_is_byte_identical(tmp_path):
    outs = {}
    for flag in ("0", "1"):
        out = outs[flag] = tmp_path / f"cache-{flag}"
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
                                capture_output=True, text=True, cwd=ROOT, timeout=300,
                                env={**run_env(), "JISHI_FRAGMENT_CACHE": flag, "JISHI_SEARCH": "0"})
        assert result.returncode == 0, result.stderr
    pages = [p.relative_to(outs["1"]) for p in outs["1"].rglob("*.html")]
    assert len(pages) > 40
    differ = [str(p) for p in pages if not filecmp.cmp(outs["0"] / p, outs["1"] / p, shallow=False)]
    assert differ == []


def test_synthetic_site_is_deterministic_valid_and_builds(tmp_path, jishi_cli):
    generate.generate(60, tmp_path / "a", hooks=HOOKS)
    generate.generate(60, tmp_path / "b", hooks=HOOKS)
    a, b = tmp_path / "a" / "jishi" / "stories", tmp_path / "b" / "jishi" / "stories"
    files = sorted(p.relative_to(a) for p in a.rglob("*.md"))
    assert files == sorted(p.relative_to(b) for p in b.rglob("*.md"))
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    site = tmp_path / "a" / "jishi"
    check = jishi_cli("check", "--root", str(site))
    assert check.returncode == 0, check.stdout
    assert "检查通过：60 篇稿件" in check.stdout
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "out")],
                            capture_output=True, text=True, cwd=site, timeout=300, env=run_env())
    assert result.returncode == 0, result.stderr
    kinds = {p.parent.parent.name for p in a.glob("*/*/*.md")}
    assert {"case", "commentary", "testimonial", "photo"} <= kinds


@pytest.mark.parametrize("n", [3000])
def test_synthetic_text_is_chinese_and_long_enough(n):
    gen = generate.Generator(n)
    bodies = [s["body"] for s in gen.stories if s["data"]["kind"] in ("case", "commentary", "testimonial")]
    mean = sum(map(len, bodies)) / len(bodies)
    assert 1300 <= mean <= 1800
    assert min(map(len, bodies)) >= 300 and max(map(len, bodies)) <= 3400


def test_source_cache_reuses_unchanged_files_and_sees_every_edit(tmp_path):
    from jishi.content.load import load_site
    from jishi.content.source_cache import SourceCache

    site = tmp_path / "site"
    for group in ("columns", "teams", "enterprises", "people", "testimonial"):
        (site / "stories" / group).mkdir(parents=True)
        for p in (ROOT / "stories" / group).glob("*.md"):
            (site / "stories" / group / p.name).write_bytes(p.read_bytes())
    cache = SourceCache()
    first, _ = load_site(site, cache=cache)
    again, _ = load_site(site, cache=cache)
    assert [s.source for s in again.stories] == [s.source for s in first.stories]  # the very same parsed files
    target = site / "stories" / "testimonial" / "zhang-song-xinsheng.md"
    text = target.read_text(encoding="utf-8")
    # Same size, same instant: only the bytes tell the edit apart.
    target.write_text(text.replace('order: 2', 'order: 3'), encoding="utf-8")
    edited, _ = load_site(site, cache=cache)
    assert next(s for s in edited.stories if s.slug == "zhang-song-xinsheng").order == 3
    target.write_text(text.replace('speaker: "zhang-song"', 'speaker: "zhang-sogn"'), encoding="utf-8")
    for _ in range(2):  # the second time from the cache: same error, same words
        broken, problems = load_site(site, cache=cache)
        assert broken is None
        assert [str(p) for p in problems.errors] == [
            "stories/testimonial/zhang-song-xinsheng.md:4:1: speaker: 找不到人物 'zhang-sogn'；你是不是想写 'zhang-song'（张淞）？"]
    target.write_bytes(b"---\nkind: [\n---\n")
    for _ in range(2):
        _, problems = load_site(site, cache=cache)
        assert [p.field for p in problems.errors] == [""] and "YAML" in problems.errors[0].message


def test_page_free_fragments_and_blocks_are_found_in_the_theme():
    # The byte-identical build above proves nothing if nothing is cached: the theme must have them all.
    from mkdocs.config import load_config
    from jishi.mkdocs_adapter.fragments import BASE_BLOCKS, PAGE_FREE, cache_blocks, cache_fragments
    config = load_config(str(ROOT / "mkdocs.yml"))
    env = config.theme.get_env()
    assert cache_blocks(env) == list(BASE_BLOCKS)
    assert cache_fragments(env, PAGE_FREE) == list(PAGE_FREE)
