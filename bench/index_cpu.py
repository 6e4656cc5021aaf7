"""The index side's CPU on a built folder, split into jishi's index worker and Pagefind, against Pagefind's CLI.

    python bench/index_cpu.py SITE [--runs 3] [--hooks DIR [DIR ...]] [--no-cli]

SITE is a built jishi site (a `JISHI_SEARCH=0` build is enough). Each run
indexes it in a fresh process (`jishi.search.folder.build_search_index`,
the build's own path fed from the files) and takes the CPU of the whole
process tree (`os.wait4`), of the Pagefind process (run through a small
wrapper that reports its own rusage: `PAGEFIND_BINARY_PATH`) and of the
main process (which only reads the files and hands them over; in a build
the MkDocs process does that). The index worker's Python is the rest; the
index side is worker + Pagefind. With several `--hooks` folders (a `hooks/`
of another checkout, e.g. `git archive main hooks | tar -x -C /tmp/a`) the
runs alternate between them, A/B on a shared machine. Then `pagefind --site`
alone on the same pages. The bundle is written to SITE/pagefind. Medians; load
average printed with each run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_WRAPPER = """import os, subprocess, sys
proc = subprocess.Popen([os.environ["INDEX_CPU_PAGEFIND"], *sys.argv[1:]])
_, status, usage = os.wait4(proc.pid, 0)
with open(os.environ["INDEX_CPU_PAGEFIND_LOG"], "a") as log:
    log.write(f"{usage.ru_utime + usage.ru_stime}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""
_INDEX = """import os, resource, sys
from pathlib import Path
from jishi.search.folder import build_search_index
build_search_index(Path(sys.argv[1]))
usage = resource.getrusage(resource.RUSAGE_SELF)
Path(os.environ["INDEX_CPU_MAIN_LOG"]).write_text(str(usage.ru_utime + usage.ru_stime))
"""


def run(argv: list[str], env: dict) -> tuple[float, float]:
    """Wall and CPU seconds of a process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status):
        sys.exit(stderr.decode("utf-8", "replace")[-2000:])
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def index_once(site: Path, hooks: Path, pagefind: str, scratch: Path) -> dict:
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    pf_log, main_log = scratch / "pagefind.log", scratch / "main.log"
    pf_log.write_text("")
    env = dict(os.environ, PYTHONPATH=str(hooks), PAGEFIND_BINARY_PATH=str(scratch / "pagefind"),
               INDEX_CPU_PAGEFIND=pagefind, INDEX_CPU_PAGEFIND_LOG=str(pf_log), INDEX_CPU_MAIN_LOG=str(main_log))
    wall, total = run([sys.executable, "-c", _INDEX, str(site)], env)
    pagefind_cpu = sum(float(line) for line in pf_log.read_text().split())
    main = float(main_log.read_text())
    return {"wall": wall, "cpu": total, "main": main, "pagefind": pagefind_cpu,
            "worker": total - main - pagefind_cpu, "index side": total - main}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hooks", type=Path, nargs="+", default=[ROOT / "hooks"])
    parser.add_argument("--no-cli", action="store_true")
    args = parser.parse_args()
    from pagefind.service import get_executable
    pagefind = str(get_executable())
    results: dict[str, list[dict]] = {str(h): [] for h in args.hooks}
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        (scratch / "pagefind").write_text(f"#!{sys.executable}\n{_WRAPPER}")
        (scratch / "pagefind").chmod(0o755)
        for _ in range(args.runs):
            for hooks in args.hooks:
                row = index_once(args.site.resolve(), hooks.resolve(), pagefind, scratch)
                results[str(hooks)].append(row)
                print(hooks, os.getloadavg()[0], json.dumps({k: round(v, 2) for k, v in row.items()}), flush=True)
        if not args.no_cli:
            results["pagefind --site"] = []
            for _ in range(args.runs):
                out = scratch / "cli"
                shutil.rmtree(out, ignore_errors=True)
                wall, cpu = run([pagefind, "--site", str(args.site), "--output-path", str(out)], dict(os.environ))
                results["pagefind --site"].append({"wall": wall, "cpu": cpu})
                print("pagefind --site", os.getloadavg()[0], json.dumps({"wall": round(wall, 2), "cpu": round(cpu, 2)}),
                      flush=True)
    print("\n| what | " + " | ".join(["wall s", "CPU s", "main", "worker", "Pagefind", "index side"]) + " |")
    print("|---|" + "---:|" * 6)
    for name, rows in results.items():
        cells = [statistics.median(r[k] for r in rows) if k in rows[0] else None
                 for k in ("wall", "cpu", "main", "worker", "pagefind", "index side")]
        print(f"| {name} | " + " | ".join("" if c is None else f"{c:.2f}" for c in cells) + " |")


if __name__ == "__main__":
    main()
