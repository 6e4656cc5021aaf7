"""Live preview latency: save one story under `mkdocs serve`, time until the page shows it.

    python bench/preview.py [--n 1000] [--runs 5] [--out /tmp/jishi-preview]
                            [--code DIR --python PYTHON]

Generates a synthetic site (bench/generate.py), starts `mkdocs serve` on
127.0.0.1 on a free port, then, run after run, appends a new sentence to one
story and polls that story's page over HTTP every 50 ms until the sentence
is there. Reports each latency, the CPU seconds the server spent meanwhile
(steadier than wall time on a shared machine) and the medians. The search
index follows each save in the background: after the page shows, the bench
waits for the server's line 搜索索引已更新：… 用时 X 秒 and reports X (the
background index's own time) and the time from the save to that line; the
next save comes --pause seconds later, so saves and indexes do not overlap.
The CPU time of the server's children (the index workers and Pagefind) is
reported per save after waiting --settle seconds at the end. The server is
stopped at the end.

``--code`` (another checkout's ``hooks`` folder) and ``--python`` (its
venv's interpreter) run the same measurement on other code, for A/B runs.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

_INDEXED = re.compile(r"搜索索引已更新：\d+ 个页面，用时 ([\d.]+) 秒")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _cpu_seconds(pid: int, children: bool = False) -> float:
    """User + system CPU time of a process so far (or of its waited-for children), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    first = 13 if children else 11
    return (int(fields[first]) + int(fields[first + 1])) / os.sysconf("SC_CLK_TCK")


def _wait_for(url: str, needle: str, timeout: float) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if needle in _get(url):
            return time.perf_counter()
        time.sleep(0.05)
    return None


def _wait_for_index(log: Path, offset: int, timeout: float) -> tuple[float, float] | None:
    """When the server logged an index after ``offset`` bytes of its log: (that time, the seconds it reports)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        found = _INDEXED.search(log.read_bytes()[offset:].decode("utf-8", "replace"))
        if found:
            return time.perf_counter(), float(found.group(1))
        time.sleep(0.05)
    return None


def measure(n: int, runs: int, out: Path, pause: float = 1.0, settle: float = 2.0,
            log: Path | None = None, code: Path = ROOT / "hooks", python: str = sys.executable) -> dict:
    """Per save: seconds until its page shows the change (``shown``), the server's CPU seconds
    (``cpu``), the background index's own seconds (``index``) and from the save until it was
    done (``indexed``); and the CPU seconds of the server's children per save (``children``)."""
    generate.generate(n, out)
    site = out / "jishi"
    story = next(p for p in sorted((site / "stories" / "case").rglob("*.md")))
    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(Path(code).resolve()))
    log = log or out / "serve.log"
    output = open(log, "w", encoding="utf-8")
    proc = subprocess.Popen([python, "-m", "mkdocs", "serve", "-f", str(site / "mkdocs.yml"),
                             "-a", f"127.0.0.1:{port}"], cwd=site, env=env,
                            start_new_session=True, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/stories/{story.stem}/"
    result = {"shown": [], "cpu": [], "index": [], "indexed": []}
    try:
        if _wait_for(url, "<html", timeout=300) is None:
            raise SystemExit("mkdocs serve did not start")
        time.sleep(1.0)  # let the watcher take its first snapshot
        original = story.read_text(encoding="utf-8")
        children = _cpu_seconds(proc.pid, children=True)
        for i in range(runs):
            marker = f"预览测试第{i + 1}次{time.time_ns()}。"
            before, offset = _cpu_seconds(proc.pid), log.stat().st_size
            story.write_text(original + f"\n\n{marker}\n", encoding="utf-8")
            saved = time.perf_counter()
            shown = _wait_for(url, marker, timeout=120)
            result["shown"].append(shown - saved if shown else float("inf"))
            result["cpu"].append(_cpu_seconds(proc.pid) - before)
            indexed = _wait_for_index(log, offset, timeout=120)
            result["indexed"].append(indexed[0] - saved if indexed else float("inf"))
            result["index"].append(indexed[1] if indexed else float("inf"))
            print(f"  n={n} save {i + 1}: {result['shown'][-1]:.2f} s (server CPU {result['cpu'][-1]:.2f} s); "
                  f"index {result['index'][-1]:.1f} s, done {result['indexed'][-1]:.2f} s after the save",
                  file=sys.stderr, flush=True)
            time.sleep(pause)
        time.sleep(settle)  # children exit once their index is written
        result["children"] = (_cpu_seconds(proc.pid, children=True) - children) / runs
        story.write_text(original, encoding="utf-8")
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        output.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("/tmp/jishi-preview"))
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between a page showing and the next save")
    parser.add_argument("--settle", type=float, default=2.0, help="seconds to wait at the end before reading the children's CPU time")
    parser.add_argument("--log", type=Path, help="the server's log (default: serve.log in --out)")
    parser.add_argument("--code", type=Path, default=ROOT / "hooks", help="the hooks folder jishi is imported from")
    parser.add_argument("--python", default=sys.executable, help="the Python that runs mkdocs serve")
    args = parser.parse_args()
    r = measure(args.n, args.runs, args.out, args.pause, args.settle, args.log, args.code, args.python)

    def runs(key: str, digits: int = 2) -> str:
        return f"median {statistics.median(r[key]):.{digits}f} s (runs: {', '.join(f'{x:.{digits}f}' for x in r[key])})"
    print(f"{args.n} stories: save → page shows it, {runs('shown')}; server CPU per save, median "
          f"{statistics.median(r['cpu']):.2f} s; background index {runs('index', 1)}, done after the save "
          f"{runs('indexed')}; its children's CPU per save {r['children']:.2f} s")


if __name__ == "__main__":
    main()
