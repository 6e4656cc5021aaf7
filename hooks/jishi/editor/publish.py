"""Publishing: build into a temporary directory, swap it in only on success.

`mkdocs build` empties its output directory before it reads a single story,
so a failed build straight into site/ leaves nothing where the last good site
was. `jishi build` runs the same build into a sibling temporary directory and
renames it into place only when the build succeeded; the old site is removed
only after the new one is there. A rebuild after one changed story renders
only what the change needs into an empty staging directory, and those files
are committed into the live site by rename, behind a journal
(jishi.editor.commit). A staging directory left by a build that was killed
(its process is gone) is removed by the next build.

MkDocs speaks English; its lines are passed on in Chinese (or dropped when
they only narrate), so editors read one language: `translate_mkdocs_line`
for a line of its output (jishi build, or anything running MkDocs as a
child process), `translate_mkdocs_message` for one log record (the
adapter's console filter under `mkdocs serve`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from jishi.editor.commit import OVERLAY, commit, recover, stop_here
from jishi.site.check import site_config

__all__ = ["build_site", "swap_in", "placeholder_site_url", "translate_mkdocs_line", "translate_mkdocs_message",
           "clean_stale_staging", "QUIET_ENV", "LEVEL_NAMES", "BUILD_STATE", "NEXT_STATE", "SITE_DIR_ENV"]

# `jishi build` after a successful build: the record of what that build made
# (jishi.mkdocs_adapter.record.BuildRecord), for the next build to compare.
# The build writes NEXT_STATE; `jishi build` makes it BUILD_STATE only once the
# new site is in place, so the record always describes the site on disk.
BUILD_STATE = ".jishi-cache/build-state.pickle"
NEXT_STATE = ".jishi-cache/build-state.next.pickle"
SITE_DIR_ENV = "JISHI_SITE_DIR"  # the folder `jishi build` swaps the new site into (read by the adapter)

# Material's end-of-life / MkDocs 2 banner, in both spellings it checks.
QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
_LOG_LINE = re.compile(r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+-\s+(.*)$")
_OURS = re.compile(r"^jishi:\s(.*)$", re.S)
_CLOCK = re.compile(r"^(\[\d\d:\d\d:\d\d\] )?(.*)$", re.S)  # livereload's "[08:12:34] " before its lines
# The level names an editor reads before MkDocs' lines under serve.
LEVEL_NAMES = {"DEBUG": "调试", "INFO": "提示", "WARNING": "警告", "ERROR": "错误", "CRITICAL": "错误"}
# MkDocs' INFO lines an editor needs (all under `mkdocs serve`); every other INFO line only narrates.
_TOLD = [(re.compile(r"Serving on (\S+?)/?(?: and opening it in a browser)?"), "预览地址：{0}/（保存稿件后，打开的页面会自动刷新；按 Ctrl+C 停止预览）"),
         (re.compile(r"Building documentation\.\.\."), "正在生成预览……"),
         (re.compile(r"Detected file changes"), "发现文件有改动，正在重新生成……"),
         (re.compile(r"Reloading browsers"), "已重新生成，浏览器里的页面会自动刷新。"),
         (re.compile(r"Shutting down\.\.\."), "预览已停止。")]
# MkDocs' reasons that jishi can say better.
_REASONS = [(re.compile(r"Invalid value for '-f' / '--config-file': '(.*)': No such file or directory"),
             "找不到网站的配置文件 {0}；请在网站根目录（有 mkdocs.yml 的目录）运行，或用 --root 指定网站目录"),
            (re.compile(r"A reference to '(.*)' is included in the 'nav' configuration, "
                        r"which is not found in the documentation files\."),
             "mkdocs.yml 的 nav（导航）里写了 {0}，但网站没有这个页面；请删掉这一行，或改成已有的页面"),
            (re.compile(r"Config file '(.*)' does not exist\."),
             "找不到网站的配置文件 {0}；请在网站根目录（有 mkdocs.yml 的目录）运行，或用 --root 指定网站目录")]
_CLICK_NOISE = re.compile(r"^(Usage: |Try '.*' for help\.$)")
_STRICT = re.compile(r"^Aborted with (\d+) warnings? in strict mode!$")

_PLACEHOLDER_HOSTS = {"example.org", "example.com", "example.net", "localhost", "127.0.0.1"}


def build_site(root: Path, site_dir: Path, mkdocs_args: list[str] | None = None, incremental: bool = True,
               say=None) -> int:
    """`mkdocs build --strict` of root into site_dir, atomically; returns the exit status.

    A commit a killed build left half done is finished first (jishi.editor.commit).
    When the last `jishi build` left its record (BUILD_STATE) and its site is
    still there, MkDocs runs a dirty build into an empty staging folder: the
    adapter renders only the pages and search shards a change needs (or
    everything when in doubt), and the files written are committed into the
    live site (jishi.editor.commit); a build that wrote the whole site is
    swapped in whole. say(line) gets each line of progress in Chinese
    (default: printed to stderr).
    """
    root = Path(root).resolve()
    site_dir = (root / site_dir).resolve() if not Path(site_dir).is_absolute() else Path(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    recover(root)
    clean_stale_staging(site_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-{os.getpid()}-", dir=site_dir.parent))
    state, pending, overlay = root / BUILD_STATE, root / NEXT_STATE, root / OVERLAY
    pending.unlink(missing_ok=True)
    overlay.unlink(missing_ok=True)
    extra = list(mkdocs_args or [])
    if incremental and state.is_file() and site_dir.is_dir():
        extra.append("--dirty")
    else:
        state.unlink(missing_ok=True)  # it described a site that is gone
    try:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
                   "-d", str(staging), *extra]
        status = _run_translated(command, root, {SITE_DIR_ENV: str(site_dir)}, say)
        if status == 0:
            _put_in_place(root, staging, site_dir, overlay, pending, state)
        return status
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        pending.unlink(missing_ok=True)
        overlay.unlink(missing_ok=True)


def _put_in_place(root: Path, staging: Path, site_dir: Path, overlay: Path, pending: Path, state: Path) -> None:
    """The staged files committed into the live site (a rebuild's), or the staged site swapped in whole."""
    stop_here("swap")
    if overlay.is_file():
        staged = json.loads(overlay.read_text(encoding="utf-8"))
        overlay.unlink()
        commit(root, staging, site_dir, staged.get("removed", []), pending, state, staged.get("replaced", []))
        return
    state.unlink(missing_ok=True)  # from here until the record is promoted, the site may not be the one it describes
    swap_in(staging, site_dir)
    stop_here("promote")
    if pending.is_file():
        os.replace(pending, state)


def _run_translated(command: list[str], cwd: Path, env_extra: dict, say=None) -> int:
    """Run MkDocs, passing each line of its output on in Chinese (to say, else stderr)."""
    env = dict(os.environ, **QUIET_ENV, **env_extra, PYTHONIOENCODING="utf-8")
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, encoding="utf-8", errors="replace")
    try:
        for line in process.stdout:
            shown = translate_mkdocs_line(line.rstrip("\n"))
            if shown is not None and say is not None:
                say(shown)
            elif shown is not None:
                print(shown, file=sys.stderr, flush=True)
        return process.wait()
    finally:
        if process.poll() is None:  # interrupted: do not leave MkDocs writing behind us
            process.terminate()
            process.wait()
        process.stdout.close()


def translate_mkdocs_line(line: str) -> str | None:
    """One line of MkDocs' output as an editor should read it; None to leave it out."""
    strict = _STRICT.match(line.strip())
    if strict:
        return f"生成中止：有 {strict.group(1)} 个警告（生成网站时警告也算失败），请先改好上面的警告。"
    if line.strip() in ("Aborted with a BuildError!", "Aborted with a configuration error!") or _CLICK_NOISE.match(line):
        return None  # the reason is printed above or below it; jishi says the build failed
    match = _LOG_LINE.match(line)
    if match is None:
        if line.startswith("Error: "):  # click's: a missing or broken mkdocs.yml
            return "MkDocs 配置错误：" + _reason(line[len("Error: "):])
        return line if line.strip() else None
    return translate_mkdocs_message(*match.groups())


def translate_mkdocs_message(level: str, text: str) -> str | None:
    """One message MkDocs logged (level name, text) as an editor should read it; None to leave it out.

    jishi's own messages ("jishi: …") are Chinese already; MkDocs' INFO lines
    are left out unless the editor needs them (the preview's address …);
    its warnings and errors keep their text, marked as MkDocs'.
    """
    ours = _OURS.match(text)
    if ours:
        return None if level == "DEBUG" else ours.group(1)
    clock, said = _CLOCK.match(text).groups()
    if level in ("DEBUG", "INFO"):
        for pattern, chinese in _TOLD:
            told = pattern.fullmatch(said)
            if told:
                return (clock or "") + chinese.format(*told.groups())
        return text if not said.isascii() else None  # already Chinese (translated once before), else narration
    if not said.isascii():
        return text  # jishi's own PluginError, already in Chinese
    return ("MkDocs 警告：" if level == "WARNING" else "MkDocs 错误：") + _reason(said)


def _reason(text: str) -> str:
    for pattern, chinese in _REASONS:
        match = pattern.fullmatch(text.strip())
        if match:
            return chinese.format(*match.groups())
    return text


def clean_stale_staging(site_dir: Path) -> None:
    """Remove .site.new-<pid>-* / .site.old-* directories whose build process is gone."""
    for path in Path(site_dir).parent.glob(f".{Path(site_dir).name}.*-*"):
        kind, _, rest = path.name[len(Path(site_dir).name) + 2:].partition("-")
        if kind not in ("new", "old") or not path.is_dir():
            continue
        pid = rest.split("-", 1)[0]
        if pid.isdigit() and _alive(int(pid)):
            continue  # another build is writing there right now
        shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != 0


def swap_in(new: Path, target: Path) -> None:
    """Put directory new where target is; target is never missing for longer than two renames."""
    if not target.exists():
        os.rename(new, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-{os.getpid()}-", dir=target.parent))
    os.rmdir(old)
    os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(old, target)  # put the last good site back
        raise
    shutil.rmtree(old, ignore_errors=True)


def placeholder_site_url(root: Path) -> str | None:
    """mkdocs.yml's site_url when it is still a placeholder (example.org, localhost), else None.

    Every QR code, share card and feed link is made from site_url: printed
    with a placeholder, they lead nowhere.
    """
    if not (Path(root) / "mkdocs.yml").is_file():
        return None
    site_url = site_config(root).get("site_url")
    if not site_url:
        return "（未设置）"
    if (urlsplit(str(site_url)).hostname or "") in _PLACEHOLDER_HOSTS:
        return str(site_url)
    return None
