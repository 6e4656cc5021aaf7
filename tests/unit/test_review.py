"""Review steps bound to the text: `jishi review` writes sign-offs, `jishi check` holds stories to them."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import ALIASED
from jishi.cli import main
from jishi.content.loader import parse_source
from jishi.content.review import content_digest, field_digests, review_state
from jishi.site.check import load_site

STORY = "stories/commentary/xin-pinglun.md"
STEPS = ("初审", "复审", "终审")

# An editor's own file: a comment, quoting and key order that a YAML dump would not keep.
COMMENTED = ALIASED.replace("summary:", "# 摘要由王芳改定\nsummary:").replace("title: 新的点评", "title: '新的点评'")


@pytest.fixture
def site(tmp_path, make_site, monkeypatch):
    monkeypatch.setenv("JISHI_TODAY", "2024-05-01")
    root = make_site(tmp_path / "site", {"commentary/xin-pinglun.md": COMMENTED})
    with open(root / "jishi.yml", "a", encoding="utf-8") as f:
        f.write("review: [初审, 复审, 终审]\n")
    return root


def _review(root: Path, step: str, by: str = "王芳", *files: str) -> int:
    return main(["review", *(files or (str(root / STORY),)), "--step", step, "--by", by, "--root", str(root)])


def _check(root: Path, capsys) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["check", "--root", str(root)])
    return status, capsys.readouterr().out


def test_digest_is_of_the_fields_but_reviews_and_draft_plus_the_body():
    data = {"kind": "case", "title": "标题", "draft": True, "reviews": [{"step": "初审"}]}
    assert content_digest(data, "正文") == content_digest({"title": "标题", "kind": "case"}, "正文")
    assert content_digest(data, "正文") != content_digest(data, "正文。")
    assert content_digest(data, "正文") != content_digest({**data, "retracted": {"date": "2024-05-01", "reason": "撤"}}, "正文")
    assert set(field_digests(data, "正文")) == {"kind", "title", "body"}


def test_a_step_out_of_order_is_refused_and_nothing_written(site, capsys):
    before = (site / STORY).read_bytes()
    assert _review(site, "终审") == 1
    err = capsys.readouterr().err
    assert f"{STORY}: 不能签终审：初审还没有签（或签后稿件改过）；请先运行 jishi review {STORY} --step 初审 --by 姓名" in err
    assert "没有写入任何审核记录。" in err
    assert (site / STORY).read_bytes() == before


def test_unknown_step_and_review_off_are_refused(site, capsys, tmp_path, make_site):
    assert _review(site, "三审") == 1
    assert "错误：没有 '三审' 这一级审核；本站的审核步骤：初审、复审、终审" in capsys.readouterr().err
    off = make_site(tmp_path / "off", {"commentary/xin-pinglun.md": COMMENTED})
    assert _review(off, "初审") == 1
    assert "jishi.yml 没有设置审核步骤（review）" in capsys.readouterr().err


def test_a_file_with_errors_is_refused(site, capsys):
    path = site / STORY
    path.write_text(path.read_text(encoding="utf-8").replace("author: li-shuyong", "author: li-shuyogn"),
                    encoding="utf-8")
    before = path.read_bytes()
    assert _review(site, "初审") == 1
    err = capsys.readouterr().err
    assert f"{STORY}: 这篇稿件还有错误，改好之后才能审核：" in err and "找不到人物 'li-shuyogn'" in err
    assert path.read_bytes() == before


def test_unreviewed_story_refused_then_all_signed_passes_keeping_every_other_byte(site, capsys):
    status, out = _check(site, capsys)
    assert status == 1
    assert (f"{STORY}:1:1: reviews: 还没有经过审核" not in out
            and f"{STORY}:1:1: reviews: 还没有审核完（缺少：初审、复审、终审），不能发布；"
                f"请运行 jishi review {STORY} --step 初审 --by 姓名；还在修改的稿件请写 draft: true" in out)
    before = (site / STORY).read_text(encoding="utf-8")
    for step, by in zip(STEPS, ("王芳", "李明", "张伟")):
        assert _review(site, step, by) == 0
    after = (site / STORY).read_text(encoding="utf-8")
    head, _, rest = before.partition("\n---\n")
    assert after.startswith(head + "\nreviews:\n  - step: \"初审\"\n    by: \"王芳\"\n    date: \"2024-05-01\"\n")
    assert after.endswith("\n---\n" + rest)  # the body untouched
    assert "# 摘要由王芳改定\n" in after and "title: '新的点评'\n" in after
    source = parse_source(after.encode(), STORY)
    assert [r["by"] for r in source.data["reviews"]] == ["王芳", "李明", "张伟"]
    assert review_state(source.data, source.body, STEPS).complete
    status, out = _check(site, capsys)
    assert status == 0, out
    assert "审核（初审、复审、终审）：待审 0 篇。" in out


def _sign_all(site):
    for step in STEPS:
        assert _review(site, step) == 0


def test_body_changed_after_final_review_is_refused_naming_file_and_field_then_signed_again(site, capsys):
    _sign_all(site)
    path = site / STORY
    path.write_text(path.read_text(encoding="utf-8").replace("第二段。", "第二段，改过。"), encoding="utf-8")
    status, out = _check(site, capsys)
    assert status == 1
    line = 1 + path.read_text(encoding="utf-8").split("\n").index("reviews:")
    assert (f"{STORY}:{line}:1: reviews: 终审之后改过，需要重新审核（改动的字段：正文）；"
            f"请从初审起重新审核：jishi review {STORY} --step 初审 --by 姓名") in out
    # A second sign-off of 复审 must wait for 初审 again.
    assert _review(site, "复审") == 1
    _sign_all(site)
    assert path.read_text(encoding="utf-8").count("- step:") == 3  # replaced, not added
    assert _check(site, capsys)[0] == 0


def test_field_and_retraction_changes_are_named(site, capsys):
    _sign_all(site)
    path = site / STORY
    text = path.read_text(encoding="utf-8").replace("title: '新的点评'", "title: '新的点评（修订）'")
    path.write_text(text.replace("---\n第一段", "retracted: {date: \"2024-05-02\", reason: 应要求撤回}\n---\n第一段"),
                    encoding="utf-8")
    status, out = _check(site, capsys)
    assert status == 1
    assert "reviews: 终审之后改过，需要重新审核（改动的字段：retracted、title）" in out


def test_a_hand_forged_sign_off_is_refused(site, capsys):
    path = site / STORY
    forged = "".join(f"  - {{step: {s}, by: 王芳, date: \"2024-05-01\", digest: \"{'0' * 64}\"}}\n" for s in STEPS)
    path.write_text(path.read_text(encoding="utf-8").replace("\n---\n", "\nreviews:\n" + forged + "---\n", 1),
                    encoding="utf-8")
    status, out = _check(site, capsys)
    assert status == 1
    assert "reviews: 终审的审核记录与内容不符（摘要不对，不是 jishi review 写的或已被改动），需要重新审核" in out
    # Copying the digest from another file does not help either: it is of this file's text.
    source = parse_source(path.read_bytes(), STORY)
    assert not review_state(source.data, source.body, STEPS).signed


def test_drafts_are_not_checked_and_keep_their_sign_offs_when_published(site, capsys):
    path = site / STORY
    path.write_text(path.read_text(encoding="utf-8").replace("\n---\n", "\ndraft: true\n---\n", 1), encoding="utf-8")
    status, out = _check(site, capsys)
    assert status == 0 and "待审 1 篇" in out
    _sign_all(site)
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    assert _check(site, capsys)[0] == 0


def test_review_off_changes_nothing(tmp_path, make_site, capsys):
    root = make_site(tmp_path / "off", {"commentary/xin-pinglun.md": COMMENTED})
    site, problems = load_site(root)
    assert site is not None and not problems.errors
    status, out = _check(root, capsys)
    assert status == 0 and "审核" not in out and "待审" not in out


def test_flow_style_reviews_are_rewritten_in_place(site, capsys):
    path = site / STORY
    path.write_text(path.read_text(encoding="utf-8").replace("\n---\n", "\nreviews: []\n---\n", 1), encoding="utf-8")
    assert _review(site, "初审") == 0
    text = path.read_text(encoding="utf-8")
    assert "reviews:\n  - step: \"初审\"" in text and "reviews: []" not in text


def test_crlf_files_keep_their_line_endings(site):
    path = site / STORY
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    _sign_all(site)
    raw = path.read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")


def test_files_that_are_no_story_are_skipped_not_refused(site, capsys):
    person = site / "stories/people/li-shuyong.md"
    before = person.read_bytes()
    assert _review(site, "初审", "王芳", str(site / STORY), str(person)) == 0
    out = capsys.readouterr().out
    assert f"已签发初审（王芳）：{STORY}" in out and "跳过：stories/people/li-shuyong.md（不是稿件，不需要审核）" in out
    assert person.read_bytes() == before


def test_a_sign_off_of_a_step_the_site_no_longer_has_is_reported_but_does_not_block_signing(site, capsys):
    _sign_all(site)
    path = site / STORY
    text = path.read_text(encoding="utf-8").replace("  - step: \"初审\"", "  - step: \"三审\"", 1)
    path.write_text(text, encoding="utf-8")
    status, out = _check(site, capsys)
    line = 1 + text.split("\n").index("  - step: \"三审\"")
    assert f"{STORY}:{line}:5: reviews.0.step: 审核步骤 '三审' 不在 jishi.yml 的 review 里；本站的审核步骤：初审、复审、终审" in out
    assert status == 1 and "缺少：初审" in out
    assert _review(site, "初审") == 0
