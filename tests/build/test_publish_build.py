"""`jishi publish`: check (review included), build and deploy in one command, on a real build."""

from __future__ import annotations

from support import ALIASED, jishi_cli

STORY = "stories/commentary/xin-pinglun.md"
# Without the alias: a rebuild's sitemap lists an alias's redirect that a full build leaves out (another issue).
PLAIN = ALIASED.replace("aliases: [jiu-pinglun]\n", "")


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_publish_checks_builds_and_deploys_only_what_changed(tmp_path, make_site):
    root = make_site(tmp_path / "site", {"commentary/xin-pinglun.md": PLAIN})
    with open(root / "jishi.yml", "a", encoding="utf-8") as f:
        f.write("review: [初审, 终审]\ndeploy: {to: ../www}\n")
    for step in ("初审", "终审"):
        assert jishi_cli("review", STORY, "--step", step, "--by", "王芳", cwd=root).returncode == 0
    first = jishi_cli("publish", cwd=root)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0] == "第 1 步，检查稿件（含审核）……" and "审核（初审、终审）：待审 0 篇。" in lines
    assert "第 2 步，生成网站……" in lines and "第 3 步，上传……" in lines and lines[-1] == "发布完成。"
    assert tree(tmp_path / "www") == tree(root / "site")
    again = jishi_cli("publish", cwd=root)
    assert again.returncode == 0
    assert "没有改动：网站已经是最新的，没有写入任何文件。" in again.stdout.splitlines()
    # Changed after 终审: publish stops at the check; what readers see stays as it was.
    path = root / STORY
    path.write_text(path.read_text(encoding="utf-8").replace("第二段。", "第二段，改过。"), encoding="utf-8")
    before = tree(tmp_path / "www")
    refused = jishi_cli("publish", cwd=root)
    assert refused.returncode == 1
    assert "reviews: 终审之后改过，需要重新审核（改动的字段：正文）" in refused.stdout
    assert "发布中止：检查没有通过，没有生成也没有上传。" in refused.stderr
    assert tree(tmp_path / "www") == before
