"""What a sharded index costs per query: bytes of pagefind/ fetched and time to results.

    python bench/shard_query.py SITE [SITE ...] [--queries 集体协商 王 民情笔记]

Each SITE is a built jishi site (one bundle, or shards: JISHI_SEARCH_SHARD_PAGES).
It is served on 127.0.0.1 by a server that counts the bytes it sends under
/pagefind/ (Chromium reports none for Pagefind's web worker); a story page is
opened in Chromium (390 px, cold cache) and each query typed in turn. For
each query: results shown, bytes of pagefind/ sent since the last query,
requests, and seconds from the last key to results on screen.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright


class Counting(http.server.SimpleHTTPRequestHandler):
    sent = {"bytes": 0, "requests": 0}

    def log_message(self, *args):
        pass

    def copyfile(self, source, outputfile):
        data = source.read()
        if self.path.split("?")[0].startswith("/pagefind/"):
            Counting.sent["bytes"] += len(data)
            Counting.sent["requests"] += 1
        outputfile.write(data)


def phone_search(playwright, url: str):
    """Debian's Chromium, a 390 px page at url, the header search opened: (browser, page, search box)."""
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(url)
    page.locator(".jishi-search-button").click()
    return browser, page, page.locator(".jishi-search__input")


def measure(site: Path, queries: list[str]) -> list[tuple]:
    handler = functools.partial(Counting, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    story = next((site / "stories").rglob("index.html"))
    url = f"http://127.0.0.1:{server.server_address[1]}/{story.parent.relative_to(site).as_posix()}/"
    rows = []
    try:
        with sync_playwright() as p:
            browser, page, box = phone_search(p, url)
            for text in queries:
                box.fill("")
                Counting.sent.update(bytes=0, requests=0)
                box.press_sequentially(text[:-1], delay=30)
                started = time.perf_counter()
                box.press_sequentially(text[-1])
                page.wait_for_function(
                    "(q) => { const m = document.querySelector('.jishi-search__status');"
                    " return m && m.textContent.includes(q) && !m.textContent.includes('正在搜索'); }",
                    arg=text, timeout=120_000)
                seconds = time.perf_counter() - started
                status = page.locator(".jishi-search__status").inner_text()
                rows.append((text, status, Counting.sent["bytes"], Counting.sent["requests"], seconds))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sites", type=Path, nargs="+")
    parser.add_argument("--queries", nargs="+", default=["集体协商", "王", "民情笔记"])
    args = parser.parse_args()
    print("| site | shards | query | results | pagefind/ KB sent | requests | last key → results s |")
    print("|---|---:|---|---|---:|---:|---:|")
    for site in args.sites:
        shards = 1 + len(list((site / "pagefind" / "shards").glob("*"))) if (site / "pagefind" / "shards").is_dir() else 1
        for text, status, sent, requests, seconds in measure(site, args.queries):
            print(f"| {site.name} | {shards} | {text} | {status} | {sent / 1024:.0f} | {requests} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
