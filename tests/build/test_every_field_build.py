"""Every kind with several fields broken, through real builds and the preview: a Chinese list, never a traceback.

The unit layer (tests/unit/test_every_field.py) breaks every field of every
kind through `jishi check`, the ways turning from field to field; here each
way is a check of its own (test_every_field_broken_names_its_file_and_field_only),
and fewer examples go through what editors run after it: `mkdocs build --strict` (one build per kind, several fields broken
at once), a build of odd but valid values that must render, `jishi build`
(each problem said once), and the preview (`mkdocs serve`'s Previewing mode,
driven in this process as tests/build/test_preview.py does), which must show
its banner and keep the last good pages.
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from support import (PERTURBATIONS, PROBLEM_LINE, REMOVED, assert_each_broken_file_named, blames, copy_real_site,
                     every_field_site, mkdocs_build, perturbation, run_env, valid_value, write_all, write_story)
from jishi.content.site_schema import load_site_schema

FEW = settings(max_examples=1, derandomize=True, deadline=None, database=None,
               phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))


def _schema():
    with tempfile.TemporaryDirectory() as tmp:
        schema, problems = load_site_schema(every_field_site(Path(tmp)))
    assert problems == []
    return schema


SCHEMA = _schema()
KINDS = list(SCHEMA.kinds)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return every_field_site(tmp_path_factory.mktemp("every-field-build"))


def write(root: Path, kind: str, n: int, changes: dict) -> tuple[str, dict]:
    return write_story(root, SCHEMA, kind, n, changes)


def wrong(kind: str, data: dict, names) -> bool:
    """Whether the schema refuses data or one of the fields names a slug nothing has (our nobody-…)."""
    ks = SCHEMA.kinds[kind]
    for name in names:
        prop, value = ks.properties[name], data.get(name)
        refers = prop.get("x-ref") or (prop.get("items") or {}).get("x-ref")
        if refers and any(isinstance(v, str) and v.startswith("nobody-")
                          for v in (value if isinstance(value, list) else [value])):
            return True
    return not ks.validator.is_valid(data)


def broken_fields(kind: str, shift: int) -> list[tuple[str, str]]:
    """Four fields of kind, each with a way to break it, turning with the kind and shift.

    Chosen by rotation, not drawn: hypothesis's first example is its simplest,
    which would be the first fields broken the first way for every kind.
    """
    names = list(SCHEMA.kinds[kind].properties)
    start = 5 * KINDS.index(kind) + shift
    return [(names[(start + 3 * j) % len(names)], PERTURBATIONS[(start + j) % len(PERTURBATIONS)]) for j in range(4)]


def listed_problems(output: str, rel: str) -> list[str]:
    """The lines of output about rel; each must be a problem line."""
    lines = [line for line in output.splitlines() if line.startswith(rel + ":")]
    for line in lines:
        assert PROBLEM_LINE.match(line), line
    return lines


@pytest.mark.parametrize("kind", KINDS)
@FEW
@given(data=st.data())
def test_a_build_with_several_fields_of_a_kind_broken_fails_with_the_chinese_list(site, tmp_path, kind, data):
    n = 500 + KINDS.index(kind)
    fields = broken_fields(kind, data.draw(st.integers(0, 100), label="shift"))
    changes = {name: data.draw(perturbation(how, SCHEMA.kinds[kind].properties[name], n), label=f"{name} ({how})")
               for name, how in fields}
    rel, front = write(site, kind, n, changes)
    try:
        result = mkdocs_build(site, tmp_path / "out")
    finally:
        (site / rel).unlink()
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "Error:" not in output.replace("BuildError", ""), output[-3000:]
    if not wrong(kind, front, changes):
        return  # every change happened to be valid: no traceback is all there is to say
    assert result.returncode == 1
    assert "稿件检查未通过：" in output
    lines = listed_problems(output, rel)
    assert lines, output[-3000:]
    for line in lines:
        field = PROBLEM_LINE.match(line)["field"]
        assert any(blames(field, name) for name in changes), line
    assert re.search(r"^共 \d+ 个错误", output, re.M)


PLAIN = st.text(alphabet="工会干部职工企业车间ABCxyz0123", min_size=1, max_size=30)


def odd_but_valid(prop: dict, n: int, turn: int):
    """A value of the field's own type that a template may not expect (the turn-th way, by rotation)."""
    base = valid_value(prop, n)
    kind = prop.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    if kind == "integer":
        ways = [st.integers(min_value=int(prop.get("minimum", -10**18)), max_value=int(prop.get("maximum", 10**18)))]
    elif kind == "number":
        ways = [st.floats(min_value=prop.get("minimum"), max_value=prop.get("maximum"), allow_nan=False)]
    elif kind == "boolean":
        ways = [st.booleans()]
    elif kind == "array":
        ways = [st.just([]), st.integers(2, 40).map(lambda k: [*base] * k if base else [])]
    elif kind == "string" and not prop.get("pattern") and not prop.get("x-ref"):
        ways = [PLAIN.map(lambda text: f"第{n}号{text}"), st.integers(20, 200).map(lambda k: f"第{n}号" + "长" * k),
                st.text(max_size=20).map(lambda text: f"第{n}号“{text}”")]
    else:
        ways = [st.just(base)]
    ways.append(st.just(REMOVED))
    return ways[turn % len(ways)]


@FEW
@given(data=st.data())
def test_whatever_the_check_accepts_builds(tmp_path, data):
    """Every field of every kind given an odd value (long, removed, a number where numbers go): what
    `jishi check` refuses is put back, and the rest must build with no warning, every file a page."""
    from jishi.site.check import check_site

    tmp_path = Path(tempfile.mkdtemp(dir=tmp_path))  # each example its own (hypothesis replays a failure)
    root = every_field_site(tmp_path / "site")
    changes = {}
    shift = data.draw(st.integers(0, 100), label="shift")
    for i, kind in enumerate(KINDS):
        for j, (name, prop) in enumerate(SCHEMA.kinds[kind].properties.items()):
            if name not in ("kind", "slug", "aliases", "draft", "date"):  # which page, and whether published
                changes[kind, name] = data.draw(odd_but_valid(prop, 600 + i, i + j + shift), label=f"{kind}.{name}")
    for _ in range(6):  # put back what the check refuses, until it accepts all
        files = {write(root, kind, 600 + i, {name: value for (k, name), value in changes.items() if k == kind})[0]: kind
                 for i, kind in enumerate(KINDS)}
        refused = {(files[p.path], p.field.split(".")[0].split("/")[0]) for p in check_site(root).problems
                   if p.path in files}
        if not refused:
            break
        for kind, name in refused:
            changes.pop((kind, name), None)
            if not name:  # the file as a whole (too long): its long values go
                for key in [key for key in changes if key[0] == kind and len(str(changes[key])) > 1000]:
                    del changes[key]
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
                            capture_output=True, text=True, env={**run_env(), "JISHI_SEARCH": "0"}, cwd=root,
                            timeout=600)
    assert result.returncode == 0, (result.stdout + result.stderr)[-5000:]
    assert len(changes) > 50  # most odd values are built, not put back
    for i, kind in enumerate(KINDS):
        if SCHEMA.kinds[kind].is_story:
            assert (tmp_path / "out" / "stories" / f"p{600 + i}" / "index.html").is_file(), kind


WARNED_ONCE = "这是一句话,后面是中文。"


def test_jishi_build_says_each_problem_once(tmp_path):
    site = copy_real_site(tmp_path / "site", "https://example.org/")
    commentary = site / "stories/commentary/li-shuyong-commentary.md"
    commentary.write_text(commentary.read_text(encoding="utf-8") + f"\n{WARNED_ONCE}\n", encoding="utf-8")
    case = site / "stories/case/dao-zhigong-zhong-qu.md"
    case.write_text(case.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "jishi", "build", "--root", str(site)], capture_output=True,
                            text=True, env=run_env(), cwd=site, timeout=600)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "稿件检查未通过：",
        "stories/case/dao-zhigong-zhong-qu.md:4:1: titel: 未知字段（纪实报道没有这个字段）；你是不是想写 'title'？"
        "title 是必填字段，现在还没有写",
        "stories/commentary/li-shuyong-commentary.md:21:1: 警告: 正文: 中文句子里混用了半角标点 “,”（…这是一句话,后面是中文。…）；"
        "中文里请改用全角的“，”；输入法切到中文标点即可",
        "共 1 个错误，1 个警告。",
        "生成失败，没有生成 site。",
    ]


def test_a_photo_naming_a_person_who_does_not_exist_stops_the_build_with_one_line(tmp_path):
    site = copy_real_site(tmp_path / "site", "https://example.org/")
    photo = site / "stories/photo/hu-jian-photo.md"
    photo.write_text(photo.read_text(encoding="utf-8").replace('  - "hu-jian"\n', '  - "hu-jian"\n  - "zhang-san"\n'),
                     encoding="utf-8")
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("稿件检查未通过：\nstories/photo/hu-jian-photo.md:8:5: people.1: 找不到人物 'zhang-san'；"
            "你是不是想写 'zhang-song'（张淞）？\n共 1 个错误。") in result.stderr


class Preview:
    """`mkdocs serve`'s builds, in this process: the hook in its Previewing mode."""

    def __init__(self, root: Path, out: Path):
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        self.root, self.out, self.build, self.load_config = root, out, build, load_config
        self.hook = importlib.import_module("jishi.mkdocs_adapter.hook")
        self.config().plugins.on_startup(command="serve", dirty=False)

    def config(self):
        return self.load_config(config_file=str(self.root / "mkdocs.yml"), site_dir=str(self.out))

    def rebuild(self) -> None:
        self.build(self.config(), serve_url="http://127.0.0.1:9/", dirty=False)

    def close(self) -> None:
        self.hook.PROCESS.mode.close()
        self.hook.PROCESS.start("build", dirty=False)


@FEW
@given(data=st.data())
def test_the_preview_shows_the_banner_and_keeps_the_last_good_pages(tmp_path, monkeypatch, data):
    monkeypatch.setenv("JISHI_SEARCH", "0")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")  # the hook sets it from the content; put back what was there
    tmp_path = Path(tempfile.mkdtemp(dir=tmp_path))  # each example its own (hypothesis replays a failure)
    root = every_field_site(tmp_path / "site")
    stories = [k for k in KINDS if SCHEMA.kinds[k].is_story]
    for i, kind in enumerate(stories):
        write(root, kind, 700 + i, {})
    preview = Preview(root, tmp_path / "served")
    try:
        preview.rebuild()
        good = {kind: (tmp_path / "served" / "stories" / f"p{700 + i}" / "index.html").read_text(encoding="utf-8")
                for i, kind in enumerate(stories)}
        assert all("jishi-preview-problems" not in page for page in good.values())
        broken = {}
        for i, kind in enumerate(stories):
            fields = broken_fields(kind, data.draw(st.integers(0, 100), label=f"{kind} shift") + 2)
            changes = {name: data.draw(perturbation(how, SCHEMA.kinds[kind].properties[name], 700 + i),
                                       label=f"{kind}.{name} ({how})") for name, how in fields}
            changes["title" if "title" in SCHEMA.kinds[kind].properties else "alt"] = None  # one sure error
            if kind == "photo":  # issue 25's: a person who does not exist, beside one who does
                changes.update(people=["zhang-song", "zhang-san"], slug=f"p{700 + i}")
            broken[kind] = write(root, kind, 700 + i, changes)[0]
        preview.rebuild()
        for i, kind in enumerate(stories):
            page = (tmp_path / "served" / "stories" / f"p{700 + i}" / "index.html").read_text(encoding="utf-8")
            banner = page[page.index('<div class="jishi-preview-problems'):]
            banner = banner[:banner.index("</div>")]
            assert "页面显示的是上一次正确时的内容" in banner
            assert f"<code>{broken[kind]}:" in banner, kind
            if kind == "photo":
                assert f"<code>{broken[kind]}:" in banner and "找不到人物 &#39;zhang-san&#39;" in banner
            # The page itself is the last good one: the same as before, but for the banner.
            assert re.sub(r'<div class="jishi-preview-problems.*?</div>', "", page, flags=re.S) == good[kind]
    finally:
        preview.close()


@pytest.fixture(scope="module")
def checked_site(tmp_path_factory):
    """A site of its own for the check's test: every field's file is written over at each example."""
    root = every_field_site(tmp_path_factory.mktemp("every-field-check"))
    return root, load_site_schema(root)[0]


@pytest.mark.parametrize("how", PERTURBATIONS)
@settings(max_examples=2, derandomize=True, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_field_broken_names_its_file_and_field_only(checked_site, capsys, how, data):
    # (moved from tests/unit/test_every_field.py: a check per way; the unit layer breaks all ways in one)
    root, schema = checked_site
    files = write_all(root, schema, lambda kind, name, prop, n: data.draw(perturbation(how, prop, n),
                                                                            label=f"{kind}.{name}"))
    assert_each_broken_file_named(root, schema, capsys, files)
