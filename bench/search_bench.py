"""Search benchmark: Pagefind over N synthetic Chinese stories.

    python bench/search_bench.py [--sizes 1000 10000] [--out bench/out/search]

For each size it writes a synthetic site (the real entities plus N stories
whose text is the seed's sentences shuffled), builds it with the real
`mkdocs build`, then measures:

- index build time and peak memory (RSS of the Pagefind process), indexing
  the built site again in a fresh process;
- in real Chromium (Playwright, cold cache, 390 px phone), the bytes the
  browser downloads for its first query: every response from opening a story
  page to the results on screen, and the part of it that is search (all of
  /pagefind/ plus jishi's search.js and search.css), split by kind of file;
  once from a plain static server and once from one that gzips text (as any
  production web server does; Pagefind's index files are gzipped already);
- the time from the last keystroke to the results on screen, first query and
  a second one (debounce included);
- query by query (bench/search_latency.py), the site's ten most frequent
  two-character words, ten names and ten rare phrases, each on a cold phone
  from the gzip server: median and worst last key → results drawn, bytes of
  the first query, precision (share of the results shown holding the query).

With --reuse a size whose site was built before (under --out) is not
written and built again: its search UI (search.js, .css) is copied in fresh,
and it is measured with the index it has (indexed again only if it has none;
the index columns then say so). A 20,000-story build takes many minutes on a
shared 2-core machine.

Prints a Markdown table (bench/README.md, "Search") and writes
results.json beside the sites. Small generator on purpose: bench/generate.py
is the general one.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search_latency  # noqa: E402  (beside this file)

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / "hooks"
SEED = Path(os.environ.get("JISHI_SEED", ROOT / "sources" / "000_7b75013789eb843c.txt"))
CHROMIUM = os.environ.get("JISHI_CHROMIUM", "/usr/bin/chromium")
SURNAMES = "曹苏张姚罗胡王戴董李吴杨郑刘陈周徐孙马朱高林何郭黄谢韩冯邓彭"
GIVEN = "晶健彩萍涌淞利军刚剑跃初琦正清永祥书勇亦楠庆君东梅光怀华明伟芳丽强磊敏静雪峰海燕"
ROLES = ["车间职工", "班组长", "工会主席", "技术员", "驻企小分队队员", "质检员", "操作工"]


# --- the synthetic site ---------------------------------------------------
def seed_sentences() -> list[str]:
    """The seed's sentences, joined across the extraction's line breaks."""
    text = SEED.read_text(encoding="utf-8") if SEED.exists() else _stories_text()
    text = re.sub(r"\s+", "", text)
    return [s for s in re.findall(r"[^。！？]+[。！？]", text) if 8 <= len(s) <= 200]


def _stories_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8").split("---", 2)[-1] for p in (ROOT / "stories").rglob("*.md"))


def write_site(out: Path, n: int, seed: int = 1) -> list[str]:
    """Write a jishi site with the real entities and n synthetic stories; return people's names."""
    rng = random.Random(seed)
    shutil.rmtree(out, ignore_errors=True)
    (out / "docs").mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (out / "mkdocs.yml").write_text(config.replace("hooks/jishi_hook.py", str(HOOKS / "jishi_hook.py")), encoding="utf-8")
    for group in ("columns", "teams", "enterprises", "people"):
        shutil.copytree(ROOT / "stories" / group, out / "stories" / group)
    teams = sorted(p.stem for p in (ROOT / "stories" / "teams").glob("*.md"))
    columns = sorted(p.stem for p in (ROOT / "stories" / "columns").glob("*.md"))
    sentences = seed_sentences()
    names = sorted({rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2)) for _ in range(max(50, n // 5))})
    for i, name in enumerate(names):
        _write(out / "stories/people" / f"bench-p{i:05d}.md", {"kind": "person", "slug": f"bench-p{i:05d}", "name": name}, "")
    for i in range(n):
        person = rng.randrange(len(names))
        body = rng.sample(sentences, rng.randint(6, 14))
        paragraphs = ["".join(body[j:j + 4]) for j in range(0, len(body), 4)]
        meta = _story_meta(rng, i, person, teams, columns, sentences)
        _write(out / "stories" / meta["kind"] / f"{meta['slug']}.md", meta, "\n\n".join(paragraphs))
    return names


def _story_meta(rng, i: int, person: int, teams, columns, sentences) -> dict:
    slug = f"bench-{i:05d}"
    kind = rng.choice(["testimonial", "testimonial", "commentary", "case"])
    meta = {"kind": kind, "slug": slug, "date": "2017"}
    title = re.sub(r"[，。！？、“”]", "", rng.choice(sentences))[:rng.randint(8, 18)]
    if kind == "testimonial":
        meta.update(speaker=f"bench-p{person:05d}", speaker_role=rng.choice(ROLES), column=rng.choice(columns))
    elif kind == "commentary":
        meta.update(title=title, author=f"bench-p{person:05d}", author_role=rng.choice(ROLES), column=rng.choice(columns))
    else:
        team = rng.choice(teams)
        meta.update(title=title, team=team, author_team=team)
    return meta


def _write(path: Path, meta: dict, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    head = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in meta.items())
    path.write_text(f"---\n{head}---\n{body}\n", encoding="utf-8")


# --- build and index --------------------------------------------------------
def env() -> dict:
    return dict(os.environ, PYTHONPATH=str(HOOKS), NO_MKDOCS_2_WARNING="1")


def mkdocs_build(site: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(site / "mkdocs.yml"),
                    "-d", str(site / "site")], check=True, env=env(), cwd=site)
    return time.perf_counter() - started


# Indexed again on the build's own path (jishi.search.folder over runner.SiteIndexer): the same
# number of shards, so the pages' search boxes (data-shards) still fit the bundle.
INDEX_SCRIPT = """
import json, resource, sys, time
from pathlib import Path
from jishi.search.folder import build_search_index
stats = build_search_index(Path(sys.argv[1]))
print(json.dumps({"pages": stats.pages, "seconds": stats.seconds,
                  "child_max_rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "self_max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def index_alone(site_dir: Path) -> dict:
    """Index the built site in a fresh process: time, and peak RSS of Pagefind and of Python."""
    out = subprocess.run([sys.executable, "-c", INDEX_SCRIPT, str(site_dir)], check=True, env=env(),
                         capture_output=True, text=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    bundle = site_dir / "pagefind"
    result["bundle_bytes"] = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    result["bundle_files"] = sum(1 for p in bundle.rglob("*") if p.is_file())
    return result


# --- the browser --------------------------------------------------------------
GZIP_TYPES = (".html", ".js", ".css", ".json", ".xml", ".svg")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files; with gzip=True, text files are gzipped like a production server would.

    Every response's bytes on the wire (status line, headers, body) are
    appended to ``sent`` as (path, bytes). Counted here rather than in the
    browser: Chromium reports 0 bytes for a web worker's script (Pagefind
    runs its search in one).
    """

    gzip = False
    sent: list = []

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        self._sent = 0
        write = self.wfile.write

        def counting_write(data):
            self._sent += len(data)
            return write(data)
        self.wfile.write = counting_write

    def finish(self):
        super().finish()
        self.sent.append((getattr(self, "path", ""), self._sent))

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (self.gzip and path.suffix in GZIP_TYPES and path.is_file()
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        data = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


def serve(directory: Path, use_gzip: bool):
    """A server on a free port: (server, its URL, the list it records responses' bytes in)."""
    sent: list = []
    handler = type("H", (_Handler,), {"gzip": use_gzip, "sent": sent})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/", sent


def first_query(browser, base: str, responses: list, page_path: str, queries: list[str]) -> dict:
    """Open a page on a cold phone, type queries, count bytes (as the server sent them) and time to results."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  locale="zh-CN")
    page = context.new_page()
    page.goto(base + page_path, wait_until="load")
    timings = []
    for n, query in enumerate(queries):
        if n == 0:
            page.locator(".jishi-search-button").tap()
        box = page.locator(".jishi-search__input")
        box.fill("")
        page.wait_for_timeout(400)
        box.press_sequentially(query, delay=60)
        started = time.perf_counter()
        page.wait_for_function(
            """(q) => { const m = document.querySelector('.jishi-search__status');
                 return m && m.textContent.includes(q) && !m.textContent.includes('正在搜索')
                   && document.querySelector('.jishi-search__link'); }""", arg=query, timeout=30_000)
        timings.append(time.perf_counter() - started)
        if n == 0:
            page.wait_for_timeout(300)  # let the last fragments of the first page of results land
            first = _bytes(responses)
    # The filter counts load only when the reader opens a filter: what that costs.
    before = _bytes(responses)[1]
    page.locator(".jishi-search__filter-name", has_text="类型").click()
    page.locator(".jishi-search__filter[open] input").first.wait_for(timeout=30_000)
    page.wait_for_timeout(300)
    filters_bytes = _bytes(responses)[1] - before
    context.close()
    return {"total_bytes": first[0], "search_bytes": first[1], "by_kind": first[2], "requests": first[3],
            "first_query_s": timings[0], "next_query_s": timings[1:], "open_filter_bytes": filters_bytes}


# Which part of the search a response is, by its path (first match wins).
KINDS = [("search UI (search.js, .css)", "/assets/jishi/search."), ("index chunks", "/pagefind/index/"),
         ("filters", "/pagefind/filter/"), ("fragments", "/pagefind/fragment/"), ("page list (pf_meta)", ".pf_meta"),
         ("WebAssembly", "/pagefind/wasm."), ("Pagefind JS and entry", "/pagefind/")]


def _bytes(responses) -> tuple[int, int, dict, int]:
    """Bytes on the wire (headers and body as sent): all, search, search by kind; number of responses."""
    total = search = 0
    by_kind: dict[str, int] = {}
    for path, n in list(responses):
        total += n
        kind = next((k for k, marker in KINDS if marker in path), None)
        if kind:
            search += n
            by_kind[kind] = by_kind.get(kind, 0) + n
    return total, search, by_kind, len(responses)


def browse(site_dir: Path, page_path: str, queries: list[str]) -> dict:
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for label, use_gzip in (("plain", False), ("gzip", True)):
            server, base, sent = serve(site_dir, use_gzip)
            try:
                results[label] = first_query(browser, base, sent, page_path, queries)
            finally:
                server.shutdown()
                server.server_close()
        browser.close()
    return results


# --- main ---------------------------------------------------------------------
def run(n: int, out: Path, reuse: bool = False) -> dict:
    site = out / str(n)
    build_s = None
    if reuse and (site / "site" / "index.html").is_file() and (site / "names.txt").is_file():
        names = (site / "names.txt").read_text(encoding="utf-8").split()
        for asset in (HOOKS / "jishi" / "site" / "assets").glob("search.*"):  # the search UI as it is now
            shutil.copy2(asset, site / "site" / "assets" / "jishi" / asset.name)
    else:
        names = write_site(site, n)
        (site / "names.txt").write_text("\n".join(names), encoding="utf-8")
        build_s = mkdocs_build(site)
    reindex = not (reuse and (site / "site" / "pagefind" / "pagefind-entry.json").is_file())
    index = index_alone(site / "site") if reindex else None
    rng = random.Random(n)
    queries = [rng.choice(names), "集体协商", "民情笔记"]
    browser = browse(site / "site", "stories/bench-00001/", queries)
    per_query = search_latency.measure(site / "site", search_latency.pick_queries(site, names), serve, CHROMIUM)
    html_pages = sum(1 for _ in (site / "site").rglob("*.html"))
    return {"stories": n, "html_pages": html_pages, "mkdocs_build_s": build_s, "index": index,
            "queries": queries, "browser": browser, "per_query": per_query}


def query_table(results: list[dict]) -> str:
    """Per kind of query: median and worst latency, first-query bytes, precision."""
    lines = ["| stories | queries | last key → results, median / worst | search bytes of the query, median / max (gzip) | precision | found |",
             "|---:|---|---:|---:|---:|---:|"]
    for r in results:
        for kind, rows in r["per_query"].items():
            s = search_latency.summary(rows)
            precision = "–" if s["precision"] is None else f"{s['precision'] * 100:.0f} %"
            lines.append(f"| {r['stories']:,} | {kind}: {'、'.join(row['query'] for row in rows)} "
                         f"| {s['median_ms']:.0f} / {s['worst_ms']:.0f} ms | {s['median_kb']:.0f} / {s['max_kb']:.0f} KB "
                         f"| {precision} | {s['found']}/{s['n']} |")
    return "\n".join(lines)


def table(results: list[dict]) -> str:
    kb = lambda b: f"{b / 1024:,.0f} KB"
    lines = ["| stories | pages indexed | index build | Pagefind peak RSS | bundle on disk | first query, plain server (of it search) | first query, gzip server (of it search) | last key → results, first / next query |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        i, b = r["index"], r["browser"]
        nxt = ", ".join(f"{t * 1000:.0f}" for t in b["plain"]["next_query_s"])
        indexed = ("| (indexed before) | | | " if i is None else
                   f"| {i['pages']:,} | {i['seconds']:.1f} s | {i['child_max_rss_kb'] / 1024:,.0f} MB "
                   f"| {i['bundle_bytes'] / 1e6:,.1f} MB ({i['bundle_files']:,} files) ")
        lines.append(
            f"| {r['stories']:,} {indexed}"
            f"| {kb(b['plain']['total_bytes'])} ({kb(b['plain']['search_bytes'])}) "
            f"| {kb(b['gzip']['total_bytes'])} ({kb(b['gzip']['search_bytes'])}) "
            f"| {b['plain']['first_query_s'] * 1000:.0f} / {nxt} ms |")
    for r in results:
        parts = ", ".join(f"{k} {kb(v)}" for k, v in sorted(r["browser"]["gzip"]["by_kind"].items(), key=lambda kv: -kv[1]))
        lines.append(f"\nFirst query at {r['stories']:,} stories, gzip server, search part: {parts}; "
                     f"opening a filter then adds {kb(r['browser']['gzip']['open_filter_bytes'])}.")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "search")
    parser.add_argument("--reuse", action="store_true", help="measure sites built before under --out again")
    args = parser.parse_args(argv)
    results = []
    for n in args.sizes:
        started = time.perf_counter()
        results.append(run(n, args.out, args.reuse))
        print(f"{n} stories: done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    machine = (f"{platform.machine()}, {os.cpu_count()} CPUs, load average {load} at the end, "
               f"Python {platform.python_version()}, {date.today()}")
    (args.out / "results.json").write_text(json.dumps({"machine": machine, "results": results}, indent=2,
                                                      ensure_ascii=False), encoding="utf-8")
    print(f"Machine: {machine}\n")
    print(table(results))
    print()
    print(query_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
