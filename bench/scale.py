"""Large builds: time and memory of a full jishi build at 20,000 to 100,000 stories, a republish, a query.

    python bench/scale.py [--sizes 20000 50000 100000] [--out /tmp/jishi-bench] [--query 集体协商]

For each size: generate the synthetic site (bench/generate.py) unless it is
there, run one full `jishi build` (pages and search index, into SITE/site, its
build record kept), then append a sentence to one story and run `jishi build`
again (the one-story republish), and report for each the wall and CPU time,
the peak memory of the whole process tree (the sum of the resident sets of
the build and its index workers and Pagefind processes, sampled every 0.2 s)
and of its largest process (wait4's ru_maxrss). Then the built site is served
on 127.0.0.1 and a query typed into the header search in Chromium: the
number of results and the time from the last key to results on screen.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402
from shard_query import phone_search  # noqa: E402


# `jishi build` itself, without --strict: the synthetic text repeats sentences, which lint warns about.
BUILD = ("import sys; from jishi.editor.publish import build_site; "
         "sys.exit(build_site({site!r}, 'site', ['--no-strict']))")


def tree_rss(pid: int) -> int:
    """Resident bytes of pid and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        child, parent = int(entry.name), int(fields[1])
        children.setdefault(parent, []).append(child)
        rss[child] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total


def build(site: Path) -> dict:
    """One `jishi build` of site; wall, CPU, peak tree and single-process memory."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "hooks"))
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", BUILD.format(site=str(site))], cwd=site, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]

    def sample():
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(stderr.decode("utf-8", "replace")[-2000:])
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "tree_mb": peak[0] / 2**20,
            "single_mb": usage.ru_maxrss / 1024}


def query(out: Path, text: str) -> dict:
    """Type text into the search box of a story page in Chromium; results shown and seconds after the last key."""
    from playwright.sync_api import sync_playwright
    server = subprocess.Popen([sys.executable, "-m", "http.server", "0", "--bind", "127.0.0.1", "-d", str(out)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = int(server.stdout.readline().split("port ")[1].split()[0])
        story = next((out / "stories").glob("case/*/index.html"), None) or next((out / "stories").rglob("index.html"))
        url = f"http://127.0.0.1:{port}/{story.parent.relative_to(out).as_posix()}/"
        with sync_playwright() as p:
            browser, page, box = phone_search(p, url)
            box.press_sequentially(text[:-1], delay=30)
            started = time.perf_counter()
            box.press_sequentially(text[-1])
            page.wait_for_function("() => document.querySelectorAll('.jishi-search__link').length > 0",
                                   timeout=120_000)
            seconds = time.perf_counter() - started
            status = page.locator(".jishi-search__status").inner_text()
            first = page.locator(".jishi-search__link").first.get_attribute("href")
            browser.close()
        return {"seconds": seconds, "status": status, "first": first}
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20000, 50000])
    parser.add_argument("--out", type=Path, default=Path("/tmp/jishi-bench"))
    parser.add_argument("--query", default="集体协商")
    args = parser.parse_args()
    lines = ["| stories | build | wall s | CPU s | peak MB, whole tree | peak MB, largest process | query | results | last key → results s |",
             "|---:|---|---:|---:|---:|---:|---|---|---:|"]
    for n in args.sizes:
        site = args.out / f"n{n}"
        if not (site / "jishi" / "mkdocs.yml").exists():
            generate.generate(n, site)
        jishi = site / "jishi"
        shutil.rmtree(jishi / "site", ignore_errors=True)  # a full build: no last site, no record used
        (jishi / ".jishi-cache" / "build-state.pickle").unlink(missing_ok=True)
        for label in ("full", "one story changed"):
            if label != "full":
                story = sorted((jishi / "stories" / "case").rglob("*.md"))[0]
                story.write_text(story.read_text(encoding="utf-8") + "\n又补充了一句话。\n", encoding="utf-8")
            b = build(jishi)
            q = query(jishi / "site", args.query)
            lines.append(f"| {n:,} | {label} | {b['wall']:.1f} | {b['cpu']:.1f} | {b['tree_mb']:.0f} | "
                         f"{b['single_mb']:.0f} | {args.query} | {q['status']} (first {q['first']}) | {q['seconds']:.2f} |")
            print(lines[-1], file=sys.stderr, flush=True)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
