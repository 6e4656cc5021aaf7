"""审核 in a real build: a story not signed at every step stops `mkdocs build --strict`; signed, it builds."""

from __future__ import annotations

from support import ALIASED, jishi_cli, mkdocs_build

STORY = "stories/commentary/xin-pinglun.md"


def test_build_refuses_an_unreviewed_story_and_builds_it_once_signed(tmp_path, make_site):
    root = make_site(tmp_path / "site", {"commentary/xin-pinglun.md": ALIASED})
    with open(root / "jishi.yml", "a", encoding="utf-8") as f:
        f.write("review: [初审, 终审]\n")
    refused = mkdocs_build(root, tmp_path / "out")
    assert refused.returncode != 0
    assert (f"{STORY}:1:1: reviews: 还没有审核完（缺少：初审、终审），不能发布；"
            f"请运行 jishi review {STORY} --step 初审 --by 姓名") in refused.stderr
    assert not (tmp_path / "out" / "stories/xin-pinglun/index.html").exists()
    for step in ("初审", "终审"):
        signed = jishi_cli("review", STORY, "--step", step, "--by", "王芳", cwd=root)
        assert signed.returncode == 0, signed.stderr
        assert signed.stdout.strip() == f"已签发{step}（王芳）：{STORY}"
    built = mkdocs_build(root, tmp_path / "out")
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "out" / "stories/xin-pinglun/index.html").read_text(encoding="utf-8")
    assert "新的点评" in page and "终审" not in page  # sign-offs are the newsroom's, not the readers'
