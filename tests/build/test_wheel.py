"""jishi as a generator, from the built wheel alone: no repo, no editable install.

The wheel is built once per session and installed into a venv outside the
repo together with ProperDocs (the maintained MkDocs fork). The venv and its
dependencies are cached in the temp folder by the dependency list (first run:
a minute or two from PyPI); the wheel itself is reinstalled every session.
In that venv: `jishi init` → `jishi new` → `jishi check` → `jishi build` (mkdocs
1.6.1) of a second site, and the real site built and served by ProperDocs.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from support import ROOT

# Words of the first campaign: none may reach a second site.
CAMPAIGN = ["到职工中去", "武汉", "张淞", "中建幕墙", "护根之举", "强基之策", "总工会", "暖心之行", "王跃初",
            "zhang-song", "hugen", "nuanxin", "wang-yuechu", "zhongjian"]
EXTRA = ["properdocs>=1.6,<2"]


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return dict(env, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8")


def _run(args, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=_env(), capture_output=True, text=True,
                            timeout=timeout, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # From a clean copy of what the sdist holds: a build/ folder left in the repo could add stale files.
    src = out / "src"
    shutil.copytree(ROOT / "hooks" / "jishi", src / "hooks" / "jishi", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, src], cwd=out)
    [built] = out.glob("jishi-*.whl")
    return built


@pytest.fixture(scope="session")
def venv(wheel) -> Path:
    """A venv outside the repo with the wheel's dependencies and ProperDocs; the wheel reinstalled."""
    pyproject = (ROOT / "pyproject.toml").read_bytes()
    key = hashlib.sha1(pyproject + repr((EXTRA, sys.version_info[:2], str(ROOT))).encode()).hexdigest()[:12]
    home = Path(tempfile.gettempdir()) / "jishi-test-venvs"
    home.mkdir(exist_ok=True)
    path = home / f"wheel-{key}"
    python = path / "bin" / "python"
    with open(home / f"wheel-{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two sessions at once build it once
        if not (path / "ready").is_file():
            shutil.rmtree(path, ignore_errors=True)
            _run([sys.executable, "-m", "venv", path], cwd=home)
            _run([python, "-m", "pip", "install", "-q", wheel, *EXTRA], cwd=home, timeout=1800)
            (path / "ready").write_text("ok\n")
        _run([python, "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", wheel], cwd=home)
    return path


@pytest.fixture(scope="session")
def site2(venv, tmp_path_factory) -> Path:
    """A second site made and built with the installed commands only."""
    work = tmp_path_factory.mktemp("outside")
    jishi = venv / "bin" / "jishi"
    _run([jishi, "init", "site2", "--name", "社区志愿服务纪实"], cwd=work)
    site = work / "site2"
    _run([jishi, "new", "column", "--title", "志愿者说", "--slug", "zhiyuanzhe", "--order", "1"], cwd=site)
    _run([jishi, "new", "person", "--title", "王芳"], cwd=site)
    _run([jishi, "new", "testimonial", "--speaker", "wang-fang", "--speaker-role", "社区志愿者",
          "--column", "zhiyuanzhe"], cwd=site)
    story = site / "stories" / "testimonial" / "wang-fang-xinsheng.md"
    text = re.sub(r"(?m)^TODO：.*$", "每周六上午，我们都到社区活动中心陪老人聊天。", story.read_text(encoding="utf-8"))
    story.write_text(text, encoding="utf-8")
    checked = _run([jishi, "check"], cwd=site)
    assert checked.stdout.startswith("检查通过：1 篇稿件")
    _run([jishi, "build"], cwd=site)
    return site


def test_the_installed_package_is_the_one_used(venv, tmp_path):
    where = _run([venv / "bin" / "python", "-c", "import jishi, mkdocs; print(jishi.__file__, mkdocs.__version__)"],
                 cwd=tmp_path).stdout.split()
    assert Path(where[0]).is_relative_to(venv) and not Path(where[0]).is_relative_to(ROOT)
    assert where[1] == "1.6.1"


def test_second_site_in_two_commands_from_the_wheel(site2):
    home = (site2 / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>社区志愿服务纪实</title>" in home and "<h1>社区志愿服务纪实</h1>" in home
    story = (site2 / "site" / "stories" / "wang-fang-xinsheng" / "index.html").read_text(encoding="utf-8")
    assert "每周六上午，我们都到社区活动中心陪老人聊天。" in story
    tabs = re.findall(r'class="md-tabs__link[^"]*"[^>]*>\s*([^<]*?)\s*<', home)
    assert tabs == ["首页", "心声", "栏目", "人物"]  # no nav entry for kinds the site does not use
    assert (site2 / "hooks" / "jishi_hook.py").read_text(encoding="utf-8") == (
        ROOT / "hooks" / "jishi_hook.py").read_text(encoding="utf-8")  # this repo's hook is a second site's


def test_nothing_of_the_first_campaign_anywhere_in_the_second_site(site2):
    found = []
    for path in site2.rglob("*"):
        if not path.is_file():
            continue
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue  # images, compressed search index chunks
        found += [(path.relative_to(site2).as_posix(), word) for word in CAMPAIGN if word in text]
    assert found == []
    share = site2 / "docs" / "assets" / "share.png"
    assert share.read_bytes() != (ROOT / "docs" / "assets" / "share.png").read_bytes()
    assert (site2 / "site" / "assets" / "share.png").is_file()


def test_real_site_builds_and_serves_under_properdocs(venv, tmp_path, built_site):
    real = tmp_path / "real"
    real.mkdir()
    for name in ("mkdocs.yml", "jishi.yml", "urls.txt"):
        shutil.copy(ROOT / name, real / name)
    for name in ("stories", "docs", "hooks"):
        shutil.copytree(ROOT / name, real / name, ignore=shutil.ignore_patterns("jishi", "__pycache__"))
    properdocs = venv / "bin" / "properdocs"
    _run([properdocs, "build", "--strict", "-f", real / "mkdocs.yml", "-d", tmp_path / "out"], cwd=real)
    pages = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.html"))
    assert pages == sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html"))
    story = (tmp_path / "out" / "stories" / "zhang-song-xinsheng" / "index.html").read_text(encoding="utf-8")
    assert "<title>张淞：心声 - 对话“到职工中去”</title>" in story
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        server = subprocess.Popen([properdocs, "serve", "-f", real / "mkdocs.yml", "-a", f"127.0.0.1:{port}",
                                   "--no-livereload"], cwd=real, env=_env(), stdout=out, stderr=out)
    try:
        page = _fetch(f"http://127.0.0.1:{port}/stories/zhang-song-xinsheng/", server, log)
        assert "<title>张淞：心声 - 对话“到职工中去”</title>" in page
    finally:
        server.terminate()
        server.wait(timeout=30)


def _fetch(url: str, server: subprocess.Popen, log: Path, wait: float = 180) -> str:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text(encoding="utf-8")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer in {wait:.0f} s")
