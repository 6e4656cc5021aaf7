"""Live preview latency: save one story under `mkdocs serve`, time until the page shows it.

    python bench/preview.py [--n 1000] [--runs 5] [--out /tmp/jishi-preview]

Generates a synthetic site (bench/generate.py), starts `mkdocs serve` on
127.0.0.1 on a free port, then, run after run, appends a new sentence to one
story and polls that story's page over HTTP every 50 ms until the sentence
is there. Reports each latency, the CPU seconds the server spent meanwhile
(steadier than wall time on a shared machine) and the medians. The search
index follows each save in the background (Pagefind, a child process): its
CPU time is reported apart, per save, after waiting --settle seconds at the
end for the last index. The server is stopped at the end.
"""

from __future__ import annotations

import argparse
import os
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


def measure(n: int, runs: int, out: Path, pause: float = 1.0, settle: float = 15.0,
            log: Path | None = None) -> tuple[list[float], list[float], float]:
    """Seconds from saving a story to its page showing the change, the server's CPU seconds,
    and the CPU seconds of its children (Pagefind) per save."""
    generate.generate(n, out)
    site = out / "jishi"
    story = next(p for p in sorted((site / "stories" / "case").rglob("*.md")))
    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "hooks"))
    output = open(log, "w", encoding="utf-8") if log else subprocess.DEVNULL
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(site / "mkdocs.yml"),
                             "-a", f"127.0.0.1:{port}"] + ([] if log else ["-q"]), cwd=site, env=env,
                            start_new_session=True, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/stories/{story.stem}/"
    latencies, cpu = [], []
    try:
        if _wait_for(url, "<html", timeout=300) is None:
            raise SystemExit("mkdocs serve did not start")
        time.sleep(1.0)  # let the watcher take its first snapshot
        original = story.read_text(encoding="utf-8")
        children = _cpu_seconds(proc.pid, children=True)
        for i in range(runs):
            marker = f"预览测试第{i + 1}次{time.time_ns()}。"
            before = _cpu_seconds(proc.pid)
            story.write_text(original + f"\n\n{marker}\n", encoding="utf-8")
            saved = time.perf_counter()
            shown = _wait_for(url, marker, timeout=120)
            latencies.append(shown - saved if shown else float("inf"))
            cpu.append(_cpu_seconds(proc.pid) - before)
            print(f"  n={n} save {i + 1}: {latencies[-1]:.2f} s (server CPU {cpu[-1]:.2f} s)",
                  file=sys.stderr, flush=True)
            time.sleep(pause)
        time.sleep(settle)  # the last save's search index
        children = (_cpu_seconds(proc.pid, children=True) - children) / runs
        story.write_text(original, encoding="utf-8")
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if log:
            output.close()
    return latencies, cpu, children


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("/tmp/jishi-preview"))
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between a page showing and the next save")
    parser.add_argument("--settle", type=float, default=15.0, help="seconds to wait for the last search index")
    parser.add_argument("--log", type=Path, help="write the server's log here (e.g. to read the index times)")
    args = parser.parse_args()
    latencies, cpu, children = measure(args.n, args.runs, args.out, args.pause, args.settle, args.log)
    print(f"{args.n} stories: save → page shows it, median {statistics.median(latencies):.2f} s "
          f"(runs: {', '.join(f'{x:.2f}' for x in latencies)}); server CPU per save, median "
          f"{statistics.median(cpu):.2f} s; search index (Pagefind) CPU per save {children:.2f} s")


if __name__ == "__main__":
    main()
