"""`jishi serve` as a command: its two Chinese addresses, a broken site still served, --host refused without accounts."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from support import english_lines, run_env

BROKEN = '---\nkind: person\nslug: wang-xiaoming\nname: 王小明\nnickname: 小明\n---\n'


def test_host_without_accounts_is_refused(tmp_path, make_site):
    site = make_site(tmp_path / "site", {})
    result = subprocess.run([sys.executable, "-m", "jishi", "serve", "--host", "0.0.0.0", "--port", "0",
                             "--accounts", str(tmp_path / "none")], cwd=site, env=run_env(),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert "还没有账号" in result.stderr and "jishi account add" in result.stderr and "Traceback" not in result.stderr


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.read().decode("utf-8")


def test_serve_prints_two_addresses_and_serves_a_broken_site(tmp_path, make_site):
    site = make_site(tmp_path / "site", {"people/wang-xiaoming.md": BROKEN})
    err = open(tmp_path / "err.txt", "w", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "jishi", "serve", "--port", "0"], cwd=site, env=run_env(),
                            stdout=subprocess.PIPE, stderr=err, text=True, encoding="utf-8")
    try:
        lines = [proc.stdout.readline().rstrip("\n") for _ in range(3)]
        assert lines[0].startswith("预览：http://127.0.0.1:") and lines[0].endswith("/")
        assert lines[1] == lines[0].replace("预览：", "编辑台：") + "_jishi/"
        assert lines[2] == "按 Ctrl-C 停止。"
        preview, bench = lines[0].split("：", 1)[1], lines[1].split("：", 1)[1]
        assert "预览暂时无法生成" in get(preview)
        assert "nickname" in get(bench + "edit?path=stories/people/wang-xiaoming.md")
        if sys.platform == "linux":  # stories/ is watched through inotify (internals.watch_at_once), not polled
            assert "anon_inode:inotify" in _open_files(proc.pid)
        (site / "stories/people/wang-xiaoming.md").write_text(BROKEN.replace("nickname: 小明\n", ""), encoding="utf-8")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "编辑本页" not in get(preview):
            time.sleep(0.5)
        assert "编辑本页" in get(preview)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        proc.stdout.close()
        err.close()
    stderr = (tmp_path / "err.txt").read_text(encoding="utf-8")
    assert "未知字段" in stderr and "Traceback" not in stderr
    assert english_lines(stderr) == [] and english_lines("\n".join(lines)) == []


def _open_files(pid: int) -> set[str]:
    folder = Path(f"/proc/{pid}/fd")
    return {os.readlink(fd) for fd in folder.iterdir() if fd.is_symlink()}


def test_a_port_in_use_is_said_in_chinese(tmp_path, make_site):
    import socket

    site = make_site(tmp_path / "site", {})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "jishi", "serve", "--port", str(port)], cwd=site,
                                env=run_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and f"端口 {port} 已被占用" in result.stderr and "Traceback" not in result.stderr


def test_the_publish_button_checks_builds_and_deploys_to_the_folder(tmp_path, make_site):
    import re

    from werkzeug.test import Client

    from jishi.editor.release_commands import workbench_publisher
    from jishi.editor.workbench.app import Workbench

    site = make_site(tmp_path / "site", {})
    with open(site / "jishi.yml", "a", encoding="utf-8") as f:
        f.write(f"deploy: {{to: {tmp_path / 'www'}}}\n")
    client = Client(Workbench(site, publish=workbench_publisher(site)))
    page = client.get("/_jishi/publish").text
    token = re.search(r'name="csrf" value="([^"]+)"', page)[1]
    answer = client.post("/_jishi/publish", data={"csrf": token}, headers={"Origin": "http://localhost"})
    assert answer.status_code == 303
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        html = client.get("/_jishi/publish").text
        if "正在发布" not in html:
            break
        assert '<meta http-equiv="refresh"' in html  # the page follows without script
        time.sleep(0.5)
    assert "<h2>发布完成</h2>" in html, html
    for line in ("第 1 步，检查稿件（含审核）……", "第 2 步，生成网站……", "网站已生成：site/", "第 3 步，上传……", "发布完成。"):
        assert f"{line}\n" in html
    built = {p.relative_to(site / "site"): p.read_bytes() for p in (site / "site").rglob("*") if p.is_file()}
    deployed = {p.relative_to(tmp_path / "www"): p.read_bytes() for p in (tmp_path / "www").rglob("*") if p.is_file()}
    assert built and deployed == built
    assert "发布\tsite/" in (site / ".jishi-cache/workbench/changes.log").read_text(encoding="utf-8")
