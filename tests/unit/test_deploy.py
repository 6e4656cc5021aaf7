"""`jishi deploy`: only changed files, in an order that keeps readers' pages whole, to a folder.

Over SSH (a real sshd) and to S3 (moto's server): tests/build/test_deploy_servers.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import DEPLOY_SITE as SITE, assert_in_order, change_one_story, deploy, deploy_settings as settings, tree, write_site
from jishi.cli import main
from jishi.editor.deploy import make_target
from jishi.editor.deploy.plan import ASSETS, ENTRIES, PAGES, group_of


@pytest.fixture
def site(tmp_path) -> Path:
    return write_site(tmp_path / "site", SITE)


def test_folder_deploy_equals_site_and_a_second_deploy_writes_nothing(tmp_path, site):
    root = settings(tmp_path / "root", "{to: ../www}")
    first = deploy(root, site)
    assert first.status == 0
    assert tree(tmp_path / "www") == tree(site)
    assert_in_order(first.writes)
    assert {a for a, _ in first.writes} == {"upload"} and len(first.writes) == len(SITE)
    stamps = {p: p.stat().st_mtime_ns for p in (tmp_path / "www").rglob("*")}
    lines = []
    second = deploy(root, site, lines)
    assert second.status == 0 and second.writes == []
    assert lines[-1] == "没有改动：网站已经是最新的，没有写入任何文件。"
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "www").rglob("*")} == stamps


def test_one_story_changed_writes_only_what_changed_in_order(tmp_path, site):
    root = settings(tmp_path / "root", "{to: ../www}")
    deploy(root, site)
    change_one_story(site)
    lines = []
    result = deploy(root, site, lines)
    assert result.writes == [("upload", "assets/jishi/jishi.99aa77bb.css"), ("replace", "stories/a/index.html"),
                             ("replace", "pagefind/pagefind-entry.json"), ("delete", "assets/jishi/jishi.1a2b3c4d.css")]
    assert tree(tmp_path / "www") == tree(site)
    assert lines[-1] == "部署完成：新上传 1 个，替换 2 个，删除 1 个文件。"


def test_dry_run_lists_in_chinese_and_writes_nothing(tmp_path, site):
    root = settings(tmp_path / "root", "{to: ../www}")
    deploy(root, site)
    change_one_story(site)
    before = tree(tmp_path / "www")
    lines = []
    assert deploy(root, site, lines, dry_run=True).status == 0
    assert lines[1:] == ["将上传（新文件）：1 个", "  assets/jishi/jishi.99aa77bb.css",
                         "将替换（内容有改动）：2 个", "  pagefind/pagefind-entry.json", "  stories/a/index.html",
                         "将删除（网站里已经没有）：1 个", "  assets/jishi/jishi.1a2b3c4d.css",
                         "（试运行，没有写入任何文件；去掉 --dry-run 才真正部署。）"]
    assert tree(tmp_path / "www") == before


def test_more_deletions_than_the_cap_stop_unless_confirmed(tmp_path, site):
    root = settings(tmp_path / "root", "{to: ../www, max_deletes: 2}")
    deploy(root, site)
    for rel in ("stories/b/index.html", "stories/a/qr.png", "images/工会.webp"):
        (site / rel).unlink()
    before = tree(tmp_path / "www")
    lines = []
    refused = deploy(root, site, lines)
    assert refused.status == 1 and refused.writes == []
    assert lines[-1] == ("部署中止：这次要删除 3 个文件，超过上限 2 个（jishi.yml 的 deploy.max_deletes）；"
                         "先用 jishi deploy --dry-run 看清要删除哪些，确认无误后加 --yes 再运行")
    assert tree(tmp_path / "www") == before
    assert deploy(root, site, confirm=lambda n: n == 3).status == 0
    assert tree(tmp_path / "www") == tree(site)


def test_default_cap_is_256(tmp_path, site):
    root = settings(tmp_path / "root", "{to: ../www}")
    write_site(site, {f"old/{i}.html": "x" for i in range(257)})
    deploy(root, site)
    shutil.rmtree(site / "old")
    lines = []
    assert deploy(root, site, lines).status == 1 and "超过上限 256 个" in lines[-1]
    assert deploy(root, site, yes=True).status == 0 and not (tmp_path / "www/old").exists()


def test_a_failed_write_stops_before_the_pages_that_need_it_and_deletes_nothing(tmp_path, site):
    root = settings(tmp_path / "root", "{to: ../www}")
    deploy(root, site)
    change_one_story(site)
    (tmp_path / "www/stories/b/index.html").unlink()
    (tmp_path / "www/stories/b/index.html").mkdir()  # no file can be written there
    (site / "stories/b/index.html").write_text("<!doctype html><title>乙（改）</title>", encoding="utf-8")
    lines = []
    result = deploy(root, site, lines)
    assert result.status == 1
    assert ("upload", "assets/jishi/jishi.99aa77bb.css") in result.writes
    assert not any(rel.startswith("pagefind/") or action == "delete" for action, rel in result.writes)
    assert any(line.startswith("部署中止：写入 ") and "stories/b/index.html 失败" in line for line in lines)
    assert (tmp_path / "www/assets/jishi/jishi.1a2b3c4d.css").is_file()  # the old pages' stylesheet stays


def test_refusals_are_chinese(tmp_path, site, capsys):
    root = settings(tmp_path / "root", "{to: ../www}")
    lines = []
    assert deploy(root, tmp_path / "nothing", lines).status == 1
    assert lines[-1].startswith("部署中止：还没有生成网站（") and lines[-1].endswith("请先运行 jishi build")
    (root / "jishi.yml").write_text("deploy: {to: ../www, endpoint: \"https://oss-cn-hangzhou.aliyuncs.com\"}\n",
                                    encoding="utf-8")
    assert deploy(root, site, lines).status == 1
    assert lines[-1] == "部署中止：jishi.yml 的 deploy 里 endpoint 只用于别的部署方式，部署到服务器或目录时用不上；请删掉"
    (root / "jishi.yml").write_text("deploy: {dest: ../www}\n", encoding="utf-8")
    assert deploy(root, site, lines).status == 1 and "jishi.yml:1:" in lines[-1] and "dest" in lines[-1]
    (root / "jishi.yml").unlink()
    assert main(["deploy", "--root", str(root), "--site-dir", str(site)]) == 1
    assert "部署中止：jishi.yml 没有设置部署位置（deploy）" in capsys.readouterr().err


def test_oss_and_cos_default_domains_are_warned_about(tmp_path, site):
    root = settings(tmp_path / "root", "{to: ../www}")
    lines = []
    deploy(root, site, lines, site_url="https://mybucket.oss-cn-hangzhou.aliyuncs.com/")
    assert lines[0].startswith("警告：site_url 用的是对象存储的默认域名（mybucket.oss-cn-hangzhou.aliyuncs.com）。")
    assert "强制下载网页" in lines[0] and "ICP 备案的自定义域名" in lines[0]
    lines.clear()
    deploy(root, site, lines, site_url="https://www.example.cn/")
    assert not any(line.startswith("警告") for line in lines)


def test_targets_by_the_shape_of_to(tmp_path):
    from jishi.content.settings import DeploySettings

    assert type(make_target(DeploySettings(to="/srv/www"), tmp_path)).__name__ == "FolderTarget"
    assert type(make_target(DeploySettings(to="deploy@web.example.cn:/srv/www", port=2222), tmp_path)).__name__ == "RsyncTarget"
    assert type(make_target(DeploySettings(to="s3://bucket/site", region="oss-cn-hangzhou"), tmp_path)).__name__ == "S3Target"
    assert group_of("stories/a/index.html") == PAGES and group_of("pagefind/shards/2/pagefind-entry.json") == ENTRIES
    assert group_of("pagefind/index/e6f9f4/0.pf_index") == ASSETS


def test_s3_without_credentials_is_refused_in_chinese(tmp_path, site, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID", raising=False)
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY", raising=False)
    root = settings(tmp_path / "root", '{to: "s3://site/www", endpoint: "http://127.0.0.1:9"}')
    lines = []
    assert deploy(root, site, lines).status == 1
    assert lines[-1] == ("部署中止：没有对象存储的密钥：请在环境变量里设置 AWS_ACCESS_KEY_ID、AWS_SECRET_ACCESS_KEY"
                         "（密钥不要写进 jishi.yml 或任何提交到仓库的文件）")


def stub_check_and_build(monkeypatch):
    """The workbench's publisher with its check and build passing at once (they have tests of their own)."""
    import jishi.editor.release_commands as release

    monkeypatch.setattr(release, "check_root", lambda root: None)
    monkeypatch.setattr(release, "report_check", lambda checked, say: 0)
    monkeypatch.setattr(release, "build_site", lambda root, site_dir, say: 0)
    return release.workbench_publisher


def test_the_workbench_refuses_deletions_over_the_cap_and_says_what_to_run(tmp_path, monkeypatch):
    publisher = stub_check_and_build(monkeypatch)
    root = settings(tmp_path / "root", "{to: ../www, max_deletes: 2}")
    site = write_site(root / "site", SITE)
    assert publisher(root)(lambda _: None) == 0
    for rel in ("stories/b/index.html", "stories/a/qr.png", "images/工会.webp"):
        (site / rel).unlink()
    before = tree(tmp_path / "www")
    lines = []
    assert publisher(root)(lines.append) == 1
    assert ("这次要删除 3 个文件，超过了上限；编辑台不能替你确认删除这么多文件。请在终端运行 jishi deploy --yes，"
            "或者把 jishi.yml 的 deploy.max_deletes 调大，再点发布。") in lines
    assert lines[-1].startswith("部署中止：") and tree(tmp_path / "www") == before


def test_publish_without_a_deploy_target_stops_after_the_build_and_says_so(tmp_path, monkeypatch):
    publisher = stub_check_and_build(monkeypatch)
    root = tmp_path / "root"
    write_site(root / "site", SITE)
    (root / "jishi.yml").write_text("review: [初审]\n", encoding="utf-8")
    lines = []
    assert publisher(root)(lines.append) == 0
    assert lines == ["第 1 步，检查稿件（含审核）……", "第 2 步，生成网站……", "网站已生成：site/",
                     "第 3 步，上传：jishi.yml 没有设置部署位置（deploy），网站只生成到了 site/，没有上传。"
                     "要放到网上，请在 jishi.yml 写 deploy: {to: 目录或服务器}（见编辑指南的“发布”）。"]
