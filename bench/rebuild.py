"""A second `jishi build` after one story changed: what it costs and what it redoes.

    python bench/rebuild.py SITE [--story PATH]

SITE is a generated site (bench/generate.py, its jishi/ folder). Runs
`jishi build` (its build_site, with --no-strict: the synthetic text repeats
sentences, which lint warns about; a first, full build; skipped when SITE/site and the build
state are there already), appends a sentence to one story, runs `jishi build`
again, and reports both times and CPU, how many files of the site the second
build wrote (a new inode) against how many it kept (hard links to the last
site), the pages among them, and the search shards indexed again.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def jishi_build(site: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one `jishi build` of site."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "hooks"))
    start = time.perf_counter()
    # `jishi build` itself, but without --strict: the synthetic text repeats sentences, which lint warns about.
    code = ("import sys; from jishi.editor.publish import build_site; "
            f"sys.exit(build_site({str(site)!r}, 'site', ['--no-strict']))")
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(err.decode("utf-8", "replace")[-2000:])
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--story", type=Path, help="the story to change (default: the first case)")
    args = parser.parse_args()
    site = args.site.resolve()
    if not ((site / "site").is_dir() and (site / ".jishi-cache" / "build-state.pickle").is_file()):
        wall, cpu = jishi_build(site)
        print(f"first build: {wall:.1f} s wall, {cpu:.1f} s CPU", flush=True)
    story = args.story or sorted((site / "stories" / "case").rglob("*.md"))[0]
    before = inodes(site / "site")
    story.write_text(story.read_text(encoding="utf-8") + "\n又补充了一句话。\n", encoding="utf-8")
    wall, cpu = jishi_build(site)
    after = inodes(site / "site")
    written = [p for p in after if before.get(p) != after[p]]
    pages = [p for p in written if p.endswith(".html")]
    shards = sorted({p.split("/")[2] if p.startswith("pagefind/shards/") else "1" for p in written
                     if p.startswith("pagefind/")})
    print(f"rebuild after changing {story.relative_to(site)}: {wall:.1f} s wall, {cpu:.1f} s CPU; "
          f"wrote {len(written)} of {len(after)} files ({len(pages)} pages: {', '.join(sorted(pages)[:12])}"
          f"{' …' if len(pages) > 12 else ''}); search shards indexed again: {', '.join(shards) or 'none'}")


if __name__ == "__main__":
    main()
