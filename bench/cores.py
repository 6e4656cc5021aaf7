"""How a full build uses the two cores, phase by phase: does rendering in a second process pay?

    python bench/cores.py SITE [--runs 3] [--env JISHI_SEARCH=0]

SITE is a generated site's jishi/ folder (bench/generate.py). Runs `mkdocs build`
into a fresh folder while sampling, every 50 ms, the CPU time of the MkDocs
process and, apart, of all its descendants (the index workers, Pagefind, the
QR drawer) from /proc. The phases come from the built pages' modification
times: before the first page is written (start, load, check, plan), the
render (first to last page written), and after the last page (sitemap, feed,
the index written). For each phase: its wall seconds, the cores the MkDocs
process and its children used on average, and the core-seconds left idle
(2 cores × wall − CPU). A renderer forked after `on_env` can only use the
idle core time of the render phase; the rest is out of its reach.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TICK = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count() or 1


def _stats() -> dict[int, tuple[int, float]]:
    """pid → (parent pid, CPU seconds) of every process."""
    out = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            out[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK)
    return out


def _split(root: int, stats: dict) -> tuple[float, float]:
    """CPU seconds of root and of all its live descendants."""
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in stats.items():
        children.setdefault(parent, []).append(pid)
    own, rest, todo = stats.get(root, (0, 0.0))[1], 0.0, list(children.get(root, []))
    while todo:
        pid = todo.pop()
        rest += stats[pid][1]
        todo.extend(children.get(pid, []))
    return own, rest


def run(site: Path, out: Path, env_extra: dict) -> list[tuple[float, float, float]]:
    """One build: samples of (seconds since start, CPU of the MkDocs process, CPU of its children)."""
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "hooks"), **env_extra)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(site / "mkdocs.yml"),
                             "-d", str(out)], cwd=site, env=env, stderr=subprocess.DEVNULL)
    samples, gone = [], 0.0  # children that ended: their CPU is no longer in /proc, keep the last sum
    last_children = 0.0
    # A child that ended between two samples loses its last 50 ms from the sum: the end of the
    # build is taken from wait4 (the whole tree's CPU) instead.
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        own, children = _split(proc.pid, _stats())
        if children < last_children:
            gone += last_children - children
        last_children = children
        samples.append((time.perf_counter() - start, own, children + gone))
        time.sleep(0.05)
    samples.append((time.perf_counter() - start, samples[-1][1] if samples else 0.0,
                    usage.ru_utime + usage.ru_stime - (samples[-1][1] if samples else 0.0)))
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("the build failed")
    return samples


def phases(out: Path, started_wall: float, samples) -> list[tuple[str, float, float, float]]:
    """(phase, wall s, MkDocs process CPU s, children CPU s) for before, during and after the render."""
    times = [p.stat().st_mtime for p in out.rglob("*.html") if "pagefind" not in p.parts]
    first, last = min(times) - started_wall, max(times) - started_wall
    edges = [("before the first page", 0.0, first), ("render", first, last), ("after the last page", last, samples[-1][0])]

    def at(t):  # the sample at or after t
        return next((s for s in samples if s[0] >= t), samples[-1])

    rows = []
    for name, a, b in edges:
        sa, sb = at(a), at(b)
        rows.append((name, b - a, sb[1] - sa[1], sb[2] - sa[2]))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--env", nargs="*", default=[], help="NAME=VALUE for the build")
    args = parser.parse_args()
    env = dict(item.split("=", 1) for item in args.env)
    out = Path("/tmp/jishi-cores-out")
    results = []
    for _ in range(args.runs):
        wall_start = time.time()
        samples = run(args.site.resolve(), out, env)
        results.append(phases(out, wall_start, samples))
    print(f"| phase (medians of {args.runs}) | wall s | MkDocs process, cores | children, cores | idle core-s |")
    print("|---|---:|---:|---:|---:|")
    for i, name in enumerate(r[0] for r in results[0]):
        wall = statistics.median(r[i][1] for r in results)
        own = statistics.median(r[i][2] for r in results)
        kids = statistics.median(r[i][3] for r in results)
        print(f"| {name} | {wall:.2f} | {own / wall if wall else 0:.2f} | {kids / wall if wall else 0:.2f} | "
              f"{max(0.0, CORES * wall - own - kids):.2f} |")


if __name__ == "__main__":
    main()
