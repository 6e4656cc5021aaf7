"""A second `jishi build` after one story changed: what it costs and what it redoes.

    python bench/rebuild.py SITE [--story PATH]

SITE is a generated site (bench/generate.py, its jishi/ folder). Runs
`jishi build` (its build_site, with --no-strict: the synthetic text repeats
sentences, which lint warns about; a first, full build; skipped when SITE/site and the build
state are there already), appends a sentence to one story, runs `jishi build`
again, and reports both times and CPU, how many files of the site the second
build wrote (a new inode) against how many it kept (hard links to the last
site), the pages among them, the search bundles written (a shard indexed
again, or the delta: jishi.search.delta) and the delta's size.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def jishi_build(site: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds of one `jishi build` of site; its line about the search index."""
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
    said = [line for line in err.decode("utf-8", "replace").splitlines() if "搜索索引" in line]
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, (said or [""])[-1].strip()


def delta_size(site: Path) -> str:
    """The delta bundle's pages, files and bytes (jishi.search.delta), and the pages it masks."""
    folder = site / "site" / "pagefind" / "delta"
    fold = site / "site" / "pagefind" / "jishi-fold.json"
    masked = len(json.loads(fold.read_text(encoding="utf-8")).get("masked", {})) if fold.is_file() else 0
    if not folder.is_dir():
        return f"no delta bundle ({masked} pages masked)"
    files = [p for p in folder.rglob("*") if p.is_file()]
    pages = sum(1 for p in files if p.suffix == ".pf_fragment")
    return (f"delta bundle: {pages} pages, {len(files)} files, {sum(p.stat().st_size for p in files) / 1024:.0f} KB; "
            f"{masked} pages masked, jishi-fold.json {fold.stat().st_size / 1024:.0f} KB")


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--story", type=Path, help="the story to change (default: the first case)")
    args = parser.parse_args()
    site = args.site.resolve()
    if not ((site / "site").is_dir() and (site / ".jishi-cache" / "build-state.pickle").is_file()):
        wall, cpu, _ = jishi_build(site)
        print(f"first build: {wall:.1f} s wall, {cpu:.1f} s CPU", flush=True)
    story = args.story or sorted((site / "stories" / "case").rglob("*.md"))[0]
    before = inodes(site / "site")
    story.write_text(story.read_text(encoding="utf-8") + "\n又补充了一句话。\n", encoding="utf-8")
    wall, cpu, index = jishi_build(site)
    after = inodes(site / "site")
    written = [p for p in after if before.get(p) != after[p]]
    pages = [p for p in written if p.endswith(".html")]
    shards = sorted({p.split("/")[2] if p.startswith("pagefind/shards/") else "delta"
                     if p.startswith("pagefind/delta/") else "1" for p in written
                     if p.startswith("pagefind/")})
    print(f"rebuild after changing {story.relative_to(site)}: {wall:.1f} s wall, {cpu:.1f} s CPU; "
          f"wrote {len(written)} of {len(after)} files ({len(pages)} pages: {', '.join(sorted(pages)[:12])}"
          f"{' …' if len(pages) > 12 else ''}); search bundles written: {', '.join(shards) or 'none'}; {index}; "
          f"{delta_size(site)}")


if __name__ == "__main__":
    main()
