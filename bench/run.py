"""Time jishi against plain mkdocs-material and the Python floor.

    python bench/run.py [--sizes 1000 10000] [--runs 3] [--large-runs 1] [--out /tmp/jishi-bench]

For each size N it generates a synthetic site (bench/generate.py), then runs,
interleaved round by round so that a busy machine slows every row alike:

- `jishi check`;
- the jishi build, full (pages and search index) and pages only
  (JISHI_SEARCH=0, which the search step honours);
- Pagefind alone on jishi's built pages (what the search step costs at most);
- plain mkdocs-material on the same Markdown, search off: with a one-entry
  nav (the issue's reference) and with a nav like jishi's (12 entries, tabs);
- plain mkdocs-material with its own search and jieba, from a separate venv
  (--jieba-python; made on first use with jieba and the MkDocs and Material
  versions of this venv, so the row is never silently missing);
- the Python floor (bench/floor.py);
- the peer a user would pick instead: Hugo alone, and Hugo + Pagefind over
  its output (bench/hugo_site.py), when `hugo` is installed (Debian's
  package: `apt-get install -y hugo`); otherwise the rows are left out with a note.

Each row reports the median wall time, the peak memory of the process and
its children (wait4's ru_maxrss), and the size and file count of its output.
The table (Markdown) goes to stdout and to OUT/results.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402
import hugo_site  # noqa: E402

PY = sys.executable


@dataclass
class Row:
    key: str
    label: str
    argv: list
    env: dict = field(default_factory=dict)
    out: Path | None = None
    times: list = field(default_factory=list)
    cpu: list = field(default_factory=list)  # user + sys seconds: steadier than wall time on a busy machine
    peak_kb: int = 0
    size: int = 0
    files: int = 0
    failed: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None


def run_once(row: Row, cwd: Path) -> None:
    """Run one row once: wall time and peak RSS of the process tree's largest member."""
    if row.out is not None:
        shutil.rmtree(row.out, ignore_errors=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "hooks"), **row.env)
    start = time.perf_counter()
    proc = subprocess.Popen(row.argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        row.failed = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["failed"]
        return
    row.times.append(elapsed)
    row.cpu.append(usage.ru_utime + usage.ru_stime)
    row.peak_kb = max(row.peak_kb, usage.ru_maxrss)
    if row.out is not None and row.out.exists():
        files = [p for p in row.out.rglob("*") if p.is_file()]
        row.files, row.size = len(files), sum(p.stat().st_size for p in files)


def rows_for(site: Path, jieba_python: Path | None) -> list[Row]:
    jishi, plain = site / "jishi", site / "plain"
    mk = [PY, "-m", "mkdocs", "build", "-q"]
    rows = [
        Row("check", "`jishi check`", [PY, "-m", "jishi", "check", "--root", str(jishi)]),
        Row("full", "jishi build, pages + search", mk + ["-f", str(jishi / "mkdocs.yml"), "-d", str(site / "o-full")],
            out=site / "o-full"),
        Row("pages", "jishi build, pages only (`JISHI_SEARCH=0`)",
            mk + ["-f", str(jishi / "mkdocs.yml"), "-d", str(site / "o-pages")], {"JISHI_SEARCH": "0"},
            out=site / "o-pages"),
        Row("pagefind", "Pagefind alone on jishi's pages", [PY, "-m", "pagefind", "--site", str(site / "o-pages"),
                                                            "--output-path", str(site / "o-pagefind")],
            out=site / "o-pagefind"),
        Row("plain", "plain Material, search off, one-entry nav",
            mk + ["-f", str(plain / "mkdocs-minimal.yml"), "-d", str(site / "o-plain")], out=site / "o-plain"),
        Row("plainnav", "plain Material, search off, jishi's nav (12 entries, tabs)",
            mk + ["-f", str(plain / "mkdocs.yml"), "-d", str(site / "o-plainnav")], out=site / "o-plainnav"),
        Row("floor", "Python floor (read + C YAML + markdown + trivial template + write)",
            [PY, str(HERE / "floor.py"), str(jishi), str(site / "o-floor")], out=site / "o-floor"),
    ]
    if shutil.which("hugo"):
        from pagefind.service import get_executable
        hugo = site / "hugo"
        rows.append(Row("hugo", "Hugo alone, minimal templates", hugo_site.hugo_command(hugo, site / "o-hugo", None),
                        out=site / "o-hugo"))
        rows.append(Row("hugopf", "Hugo + Pagefind (`--force-language zh`)",
                        hugo_site.hugo_command(hugo, site / "o-hugopf", get_executable()), out=site / "o-hugopf"))
    else:
        print("hugo is not installed: the Hugo rows are left out (apt-get install -y hugo)", file=sys.stderr)
    if jieba_python:
        rows.insert(6, Row("jieba", "plain Material, its search with jieba, one-entry nav",
                           [str(jieba_python), "-m", "mkdocs", "build", "-q", "-f", str(plain / "mkdocs-jieba.yml"),
                            "-d", str(site / "o-jieba")], out=site / "o-jieba"))
    return rows


JIEBA = "jieba>=0.42,<0.43"


def jieba_venv(python: Path) -> Path:
    """A Python with jieba and this venv's MkDocs and Material, made on first use; exits if it can't be."""
    if python.exists():
        return python
    from importlib.metadata import version
    venv = python.parent.parent
    print(f"making the jieba row's venv in {venv} …", file=sys.stderr, flush=True)
    pins = [f"mkdocs=={version('mkdocs')}", f"mkdocs-material=={version('mkdocs-material')}", JIEBA]
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *pins], check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        raise SystemExit(f"the jieba row's venv could not be made ({error}); pass --skip jieba to leave the row out")
    return python


def measure(n: int, runs: int, out: Path, jieba_python: Path | None, skip: set, warm: bool = True) -> list[Row]:
    site = out / f"n{n}"
    print(f"generating {n} stories in {site} …", file=sys.stderr, flush=True)
    generate.generate(n, site)
    hugo_site.write_hugo_site(site / "plain" / "docs", site / "hugo")
    rows = [r for r in rows_for(site, jieba_python) if r.key not in skip]
    by_key = {r.key: r for r in rows}
    if warm and "pages" in by_key:  # caches a second build finds (QR codes, compiled templates), not counted
        run_once(Row("warm", "warm-up", by_key["pages"].argv, by_key["pages"].env, out=by_key["pages"].out), site)
    for i in range(runs):
        for row in rows:
            if row.failed:
                continue
            if row.key == "pagefind" and not (site / "o-pages").exists():
                run_once(by_key["pages"], site)
            run_once(row, site)
            t = f"{row.times[-1]:.2f} s (CPU {row.cpu[-1]:.2f} s)" if not row.failed else f"FAILED: {row.failed}"
            print(f"  n={n} run {i + 1}/{runs} {row.key}: {t}", file=sys.stderr, flush=True)
    return rows


def _fmt(x, unit="", nd=2):
    return "–" if x is None else f"{x:.{nd}f}{unit}"


def table(results: dict[int, list[Row]]) -> str:
    lines = ["| N | what | median wall s | median CPU s | runs | peak MB | output MB | files |",
             "|---|---|---|---|---|---|---|---|"]
    for n, rows in results.items():
        for r in rows:
            wall = f"failed: {r.failed}" if r.failed and not r.times else _fmt(r.median)
            size = f"{r.size / 1e6:.0f}" if r.out else ""
            files = str(r.files) if r.out else ""
            cpu = _fmt(statistics.median(r.cpu)) if r.cpu else "–"
            lines.append(f"| {n:,} | {r.label} | {wall} | {cpu} | {len(r.times)} | {r.peak_kb / 1024:.0f} | {size} | {files} |")
    return "\n".join(lines) + "\n"


def ratios(results: dict[int, list[Row]]) -> str:
    lines = ["| N | ratio | wall | CPU | target |", "|---|---|---|---|---|"]

    def med(rows, key):
        r = next((r for r in rows if r.key == key and r.times), None)
        return (r.median, statistics.median(r.cpu)) if r else None

    def add(n, label, a, b, target):
        if a and b:
            lines.append(f"| {n:,} | {label} | {a[0] / b[0]:.2f} | {a[1] / b[1]:.2f} | {target} |")

    for n, rows in results.items():  # the targets are issue 27's (the older ratio targets are retired)
        add(n, "full ÷ plain Material with jieba search", med(rows, "full"), med(rows, "jieba"), "≤ 1.0")
        full, pages, pagefind = med(rows, "full"), med(rows, "pages"), med(rows, "pagefind")
        if full and pages and pagefind:  # the index side: what the search step adds to the pages
            index = (full[0] - pages[0], full[1] - pages[1])
            lines.append(f"| {n:,} | index side (full − pages), seconds | {index[0]:.2f} | {index[1]:.2f} | |")
            add(n, "index side ÷ Pagefind CLI alone on the same pages", index, pagefind, "CPU ≤ 1.0")
            add(n, "(pages + Pagefind alone) ÷ plain Material with jieba search",
                (pages[0] + pagefind[0], pages[1] + pagefind[1]), med(rows, "jieba"), "")
        add(n, "full ÷ Hugo + Pagefind", full, med(rows, "hugopf"), "≤ 2 (aim)")
        add(n, "pages ÷ plain Material (one-entry nav)", pages, med(rows, "plain"), "")
        add(n, "pages ÷ plain Material (jishi's nav)", pages, med(rows, "plainnav"), "")
        add(n, "pages ÷ Python floor", pages, med(rows, "floor"), "")
        add(n, "pages ÷ Hugo alone", pages, med(rows, "hugo"), "")
        add(n, "plain Material with jieba ÷ Hugo + Pagefind", med(rows, "jieba"), med(rows, "hugopf"), "")
        check = med(rows, "check")
        if check and n >= 10_000:
            lines.append(f"| {n:,} | `jishi check`, seconds | {check[0]:.2f} | {check[1]:.2f} | |")
    sizes = sorted(results)
    for big in sizes[1:]:
        for key in ("full", "pages"):
            add(big, f"{key}: {big:,} ÷ {sizes[0]:,} stories", med(results[big], key), med(results[sizes[0]], key),
                f"≤ {big / sizes[0]:.0f}" if key == "full" else "")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark jishi against plain mkdocs-material.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="runs per row below 10,000 stories")
    parser.add_argument("--large-runs", type=int, default=1, help="runs per row from 10,000 stories")
    parser.add_argument("--out", type=Path, default=Path("/tmp/jishi-bench"))
    parser.add_argument("--jieba-python", type=Path, default=Path("/tmp/bench-jieba-venv/bin/python"),
                        help="a Python whose venv has jieba (and sees mkdocs-material)")
    parser.add_argument("--skip", nargs="*", default=[], help="row keys to leave out, e.g. jieba pagefind")
    parser.add_argument("--cold", action="store_true", help="no warm-up build: the first full build draws every QR code")
    args = parser.parse_args()
    results = {}
    jieba_python = None if "jieba" in args.skip else jieba_venv(args.jieba_python)
    for n in args.sizes:
        runs = args.runs if n < 10_000 else args.large_runs
        results[n] = measure(n, runs, args.out, jieba_python, set(args.skip), warm=not args.cold)
    cpus = os.cpu_count()
    head = (f"Measured {dt.date.today().isoformat()} on {platform.machine()} Linux, {cpus} cores, "
            f"Python {platform.python_version()}; a shared machine, so compare ratios within one run.\n\n")
    text = head + table(results) + "\n" + ratios(results)
    (args.out / "results.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
