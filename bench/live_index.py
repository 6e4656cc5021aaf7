"""The preview's background index alone: `LiveIndex.build()` on a built folder, first run and after a save.

    python bench/live_index.py SITE_DIR [--runs 2]

SITE_DIR is a built site (e.g. `JISHI_SEARCH=0 mkdocs build -d SITE_DIR` of a
`bench/generate.py` site). The first run indexes every page; each further run
first appends a paragraph to one story page (what a save does to the served
folder) and indexes again. Reports wall time and the CPU time of this process
and of its children (the index worker and Pagefind) per run. Run it with
another checkout's code for A/B runs: `PYTHONPATH=OTHER/hooks OTHER/.venv/bin/python
bench/live_index.py SITE_DIR`. It puts the edited page back and removes the index it made.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import time
from pathlib import Path

from jishi.search.live import LiveIndex


def _cpu() -> tuple[float, float]:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=2, help="runs after a save (after the first)")
    args = parser.parse_args()
    site = args.site.resolve()
    for name in (".jishi-search", "pagefind"):
        shutil.rmtree(site / name, ignore_errors=True)
    page = min(p for p in (site / "stories").glob("*/index.html"))
    original = page.read_text(encoding="utf-8")
    live = LiveIndex(site)
    try:
        for run in range(args.runs + 1):
            if run:
                page.write_text(original.replace("</article>", f"<p>改动{time.time_ns()}</p></article>", 1),
                                encoding="utf-8")
            own, children, started = *_cpu(), time.perf_counter()
            stats = live.build()
            own_after, children_after = _cpu()
            print(f"{'after a save' if run else 'first'}: {time.perf_counter() - started:.2f} s wall, "
                  f"this process {own_after - own:.2f} s CPU, children {children_after - children:.2f} s CPU, "
                  f"{stats.pages} pages", flush=True)
    finally:
        page.write_text(original, encoding="utf-8")
        live.close()
        shutil.rmtree(site / "pagefind", ignore_errors=True)


if __name__ == "__main__":
    main()
