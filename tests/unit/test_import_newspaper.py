"""`jishi import` of a newspaper page: the campaign's page against the hand-made stories/."""

from __future__ import annotations

import re

import pytest

from support import ROOT
from jishi.content.loader import read_source
from jishi.editor.importing import REPORT_NAME, run_import

SOURCE = ROOT / "sources" / "000_7b75013789eb843c.txt"
ENTITY_KINDS = ("person", "team", "enterprise", "column")


def _files(stories_dir):
    """Every file under stories_dir as (kind, data, body, path)."""
    out = []
    for path in sorted(stories_dir.rglob("*.md")):
        source = read_source(path, str(path))
        out.append((source.data["kind"], source.data, source.body, path))
    return out


def _names(files):
    return {(kind, data["slug"]): data.get("name") for kind, data, _, _ in files if kind in ENTITY_KINDS}


def _describe(files):
    """Stories keyed by what a reader sees: kind and title, caption or speaker's name."""
    names = _names(files)
    out = {}
    for kind, data, body, path in files:
        if kind in ENTITY_KINDS:
            continue
        label = data.get("title") or data.get("caption") or names[("person", data["speaker"])]
        out[(kind, label)] = {
            "body": "".join(body.split()),
            "author": names.get(("person", data.get("author"))) or names.get(("team", data.get("author_team"))),
            "role": data.get("author_role") or data.get("speaker_role"),
            "column": names.get(("column", data.get("column"))),
            "order": data.get("order"),
            "items": data.get("items"),
            "people": sorted(names[("person", p)] for p in data.get("people", [])),
            "mends": data.get("mends", []),
            "draft": data.get("draft"),
            "path": path,
        }
    return out


@pytest.fixture(scope="module")
def imported(tmp_path_factory, make_site):
    site = make_site(tmp_path_factory.mktemp("import") / "site", {}, with_base=False)
    (site / "stories").mkdir()
    result = run_import(site, [SOURCE])
    return site, result


@pytest.fixture(scope="module")
def stories(imported):
    site, _ = imported
    return _describe(_files(site / "stories")), _describe(_files(ROOT / "stories"))


def test_the_same_stories_as_the_hand_made_ones(stories):
    got, want = stories
    assert sorted(got) == sorted(want)


@pytest.mark.parametrize("field", ["body", "author", "role", "column", "order", "people"])
def test_each_story_matches_the_hand_made_one(stories, field):
    got, want = stories
    differ = {key: (got[key][field], want[key][field]) for key in want if got[key][field] != want[key][field]}
    assert differ == {}


def test_voices_and_changes_items_as_printed(stories):
    got, want = stories
    for key in [k for k in want if k[0] in ("voices", "changes")]:
        assert got[key]["items"] == want[key]["items"]
    figures = [k for k in want if k[0] == "figures"]
    assert [(i["value"], i["unit"]) for i in got[figures[0]]["items"]] == \
        [(i["value"], i["unit"]) for i in want[figures[0]]["items"]]


def test_every_imported_story_is_a_draft(stories):
    got, _ = stories
    assert {story["draft"] for story in got.values()} == {True}


def test_twice_printed_texts_once_and_cut_texts_whole(stories):
    got, want = stories
    bodies = [s["body"] for s in got.values() if s["body"]]
    assert len(bodies) == len(set(bodies))
    for key, story in want.items():
        if any("重复印刷" in m or "他处" in m for m in story["mends"]):
            assert sum(b == story["body"] for b in bodies) == 1, key


def _fragments(mend: str):
    """The (before, after) text around a repair a hand-made mend names, and its sort."""
    match = re.search(r"在“(.+?)”与“(.+?)”之间断开", mend)
    if match:
        return "join", match.group(1), match.group(2)
    match = re.search(r"在“(.+?)”处中断，其后续文字“(.+?)……”", mend)
    if match:
        return "moved", match.group(1), match.group(2)
    if "重复印刷" in mend:
        return "duplicate", "", ""
    if "连排为一行" in mend:
        return "split", "", ""
    raise AssertionError(f"unknown sort of mend: {mend}")


def _same_repair(hand: str, mine: str) -> bool:
    sort, before, after = _fragments(hand)
    try:
        my_sort, my_before, my_after = _fragments(mine)
    except AssertionError:
        return False
    return sort == my_sort and (my_before.endswith(before) or before.endswith(my_before)) \
        and (my_after.startswith(after) or after.startswith(my_after))


def test_every_hand_made_repair_is_made_and_reported(stories, imported):
    got, want = stories
    _, result = imported
    missing = []
    for key, story in want.items():
        for mend in story["mends"]:
            if not any(_same_repair(mend, mine) for mine in got[key]["mends"]):
                missing.append((key, mend))
            sort, before, after = _fragments(mend)
            if sort in ("join", "moved"):
                assert re.search(re.escape(before) + ".{0,3}[”+]", result.report), (key, mend)
    assert missing == []
    assert "去掉的重复印刷（2）" in result.report


def test_no_repair_beyond_the_hand_made_ones(stories):
    got, want = stories
    assert sum(len(s["mends"]) for s in got.values()) == sum(len(s["mends"]) for s in want.values())


def _field(data: dict, body: str, name: str) -> str:
    if name == "body":
        return "".join(body.split())
    value = data
    for part in name.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return "".join(str(value).split())


def test_every_character_of_the_input_is_accounted_for(imported):
    site, result = imported
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    covered = {}
    for piece in result.plan.pieces:
        assert lines[piece.line - 1][piece.col:piece.col + len(piece.text)] == piece.text
        for col in range(piece.col, piece.col + len(piece.text)):
            assert (piece.line, col) not in covered, (piece.line, col, piece.text)
            covered[piece.line, col] = piece
        if piece.target is not None:
            source = read_source(piece.target.path, str(piece.target.path))
            assert "".join(piece.text.split()) in _field(source.data, source.body, piece.field)
        elif piece.field == "duplicate":
            ranges = [(int(a), int(b)) for a, b in re.findall(r"第 (\d+)–(\d+) 行与第", result.report)]
            assert any(a <= piece.line <= b for a, b in ranges), piece
        else:
            assert piece.field == "furniture", piece
            assert f":{piece.line}：" in result.report or piece.note in ("标签后的冒号", "署名后的冒号")
    wanted = {(n, c) for n, line in enumerate(lines, 1) for c, ch in enumerate(line) if not ch.isspace()}
    assert wanted - set(covered) == set()
    assert f"原文共 {len(wanted)} 个字符" in result.report


def test_report_file_lists_what_was_recognised_and_the_check(imported):
    site, result = imported
    text = (site / REPORT_NAME).read_text(encoding="utf-8")
    assert text == result.report
    assert "“铸魂之旅”：栏目" in text and "：心声的讲述人（身份照原文）" in text
    assert "：版头（专版名），未放入稿件" in text
    assert "全部通过检查" in text and result.errors == 0


def test_a_second_run_writes_nothing_new(imported):
    site, _ = imported
    before = sorted(p.relative_to(site) for p in (site / "stories").rglob("*.md"))
    again = run_import(site, [SOURCE])
    assert again.written == []
    assert sorted(p.relative_to(site) for p in (site / "stories").rglob("*.md")) == before
    assert "已有相同的稿件，未重写" in again.report


def test_dry_run_writes_nothing(tmp_path, jishi_main, make_site):
    site = make_site(tmp_path / "site", {}, with_base=False)
    (site / "stories").mkdir()
    done = jishi_main("import", str(SOURCE), "--dry-run", "--root", str(site))
    assert done.returncode == 0, done.stderr
    assert "试运行" in done.stdout and "将新建" in done.stdout
    assert list((site / "stories").rglob("*")) == [] and not (site / REPORT_NAME).exists()


def test_gb18030_page_is_read_and_reported(tmp_path, make_site):
    site = make_site(tmp_path / "site", {}, with_base=False)
    (site / "stories").mkdir()
    page = tmp_path / "page.txt"
    page.write_bytes(SOURCE.read_text(encoding="utf-8").encode("gb18030"))
    result = run_import(site, [page], dry_run=True)
    assert "编码 GB18030，已按 GB18030 读取并转为 UTF-8" in result.report
    assert len([d for d in result.plan.drafts if d.kind == "testimonial"]) == 7


def test_existing_entities_are_linked_not_duplicated(tmp_path, make_site):
    site = make_site(tmp_path / "site", {}, with_base=True)
    result = run_import(site, [SOURCE], dry_run=True)
    linked = {d.fields["name"] for d in result.plan.drafts if d.status == "linked"}
    assert {"董永祥", "护根之举", "张淞"} <= linked
    assert "“中建幕墙”：已有文件 zhongjian-mumian，直接关联" in result.report


def test_the_guide_explains_every_section_of_the_report(imported):
    from jishi.editor.importing.report import SECTION_TITLES

    _, result = imported
    guide = (ROOT / "hooks/jishi/site/templates/jishi/guide.html").read_text(encoding="utf-8")
    section = guide[guide.index('id="import"'):guide.index('id="preview"')]
    for title in SECTION_TITLES:
        assert f"<strong>{title}</strong>" in section, title
        if title != "编码":
            assert f"## {title}" in result.report, title


def test_sources_that_cannot_be_imported_are_named_not_a_traceback(tmp_path, jishi_main, make_site):
    site = make_site(tmp_path / "site", {}, with_base=False)
    (site / "stories").mkdir()
    latin = tmp_path / "page.txt"
    latin.write_bytes("第一行\n".encode("utf-8") + b"\xff\xfe caf\xe9\n")
    fake = tmp_path / "稿件.docx"
    fake.write_text("not a zip", encoding="utf-8")
    done = jishi_main("import", str(latin), str(fake), str(tmp_path / "none.txt"), "--root", str(site))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert f"{latin}:2:1: 编码: 既不是 UTF-8 也不是 GB18030 编码的文字；请在记事本等软件里另存为 UTF-8 再导入" in lines
    assert any(line.startswith(f"{fake}: 原文: 打不开这个 Word 文件") for line in lines)
    assert any(line.startswith(f"{tmp_path / 'none.txt'}: 原文: 找不到这个文件") for line in lines)
