"""Search in a real browser, query by query: latency, bytes and precision (used by search_bench.py).

Queries come from the synthetic site itself (pick_queries): the ten most
frequent two-character words of its stories (counted in how many stories
they appear, the words cut by jieba — `pip install jieba`, for the
benchmark only — so 中去 of 到职工中去 is not one), ten people's names, and
ten rare phrases (four Han characters within one run of text, without a
function character such as 的, among the 200 found in fewest stories). Each query is typed into the header search of a
story page in a fresh Chromium context (390 px phone, cold cache) served by
a server that gzips text; the search box is opened and Pagefind given a
second to start, as a reader takes to type, and then:

- latency: from the last keystroke (the input event) to the results drawn
  (the status line says how many were found and every result has its title
  and excerpt), measured in the page with performance.now(), debounce
  included;
- bytes: everything the server sent for the search from opening the box to
  the results on screen (pagefind/ and jishi's search.js/.css), for the first
  query of a fresh context — that is every query here;
- precision: the share of the results shown that hold the query as written
  (folded to simplified), read from the built pages.
"""

from __future__ import annotations

import collections
import random
import re
import statistics
import time
from pathlib import Path

__all__ = ["measure", "pick_queries", "summary"]

_HAN = re.compile(r"[\u4e00-\u9fff]+")
_FUNCTION = set("的了是在和与我们这为也就都而及对上下个有于把被让从到将以其之所此")  # not in rare phrases
_ARTICLE = re.compile(r"<article[^>]*data-pagefind-body.*?</article>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _story_runs(site: Path) -> list[list[str]]:
    """The runs of Han text (between punctuation) of each synthetic story."""
    return [_HAN.findall(path.read_text(encoding="utf-8").split("---", 2)[-1])
            for path in sorted((site / "stories").rglob("*.md")) if "bench-" in path.name]


def pick_queries(site: Path, names: list[str], seed: int = 1) -> dict[str, list[str]]:
    """Ten frequent two-character words, ten names, ten rare four-character phrases of the site."""
    import jieba

    jieba.setLogLevel(60)
    words, fours = collections.Counter(), collections.Counter()
    for runs in _story_runs(site):
        words.update({w for run in runs for w in jieba.cut(run) if len(w) == 2})
        fours.update({run[i:i + 4] for run in runs for i in range(len(run) - 3)})
    rng = random.Random(seed)
    # Synthetic stories reuse the seed's sentences, so "rare" is relative: the 200 rarest phrases.
    candidates = sorted((n, p) for p, n in fours.items() if not set(p) & _FUNCTION)[:200]
    rare = sorted(p for _, p in candidates)
    return {"frequent": [w for w, _ in words.most_common(10)], "names": rng.sample(sorted(names), 10),
            "rare": rng.sample(rare, 10)}


# Installed in the page before the query is typed: when the last input
# event came, and when the results of it were drawn.
_WATCH = """() => {
  const input = document.querySelector('.jishi-search__input');
  const status = document.querySelector('.jishi-search__status');
  window.__t0 = 0; window.__t1 = 0;
  input.addEventListener('input', () => { window.__t0 = performance.now(); window.__t1 = 0; });
  new MutationObserver(() => {
    const t = status.textContent, shown = document.querySelectorAll('.jishi-search__result').length;
    const mine = t.includes('“' + input.value.trim() + '”');  // not the results of an earlier keystroke
    if (window.__t0 && mine && !t.includes('正在搜索') && (t.includes('无结果') || (t.includes('找到') && shown > 0)))
      window.__t1 = window.__t1 || performance.now();
  }).observe(status, { childList: true, characterData: true, subtree: true });
}"""


def _one(browser, base: str, sent: list, query: str) -> dict:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(base + "stories/bench-00001/", wait_until="load")
        before = len(sent)
        page.locator(".jishi-search-button").tap()
        page.wait_for_timeout(1000)
        page.evaluate(_WATCH)
        page.locator(".jishi-search__input").press_sequentially(query, delay=80)
        page.wait_for_function("() => window.__t1 > 0", timeout=30_000)
        ms = page.evaluate("() => window.__t1 - window.__t0")
        page.wait_for_timeout(200)
        links = page.locator(".jishi-search__link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        search_bytes = sum(n for path, n in sent[before:] if "/pagefind/" in path or "/assets/jishi/search." in path)
        return {"query": query, "ms": ms, "bytes": search_bytes, "links": links}
    finally:
        context.close()


def _holds(site_dir: Path, link: str, phrase: str) -> bool:
    path = site_dir / link.strip("/") / "index.html"
    html = path.read_text(encoding="utf-8") if path.is_file() else ""
    article = _ARTICLE.search(html)
    return phrase in _TAG.sub("", article.group(0) if article else "")


def measure(site_dir: Path, queries: dict[str, list[str]], serve, chromium: str) -> dict:
    """Type every query on a cold phone; per query latency, bytes, results and precision."""
    from playwright.sync_api import sync_playwright

    server, base, sent = serve(site_dir, True)
    results = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            for kind, words in queries.items():
                rows = []
                for query in words:
                    row = _one(browser, base, sent, query)
                    holding = [_holds(site_dir, link, query) for link in row["links"]]
                    row["precision"] = sum(holding) / len(holding) if holding else None
                    rows.append(row)
                results[kind] = rows
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return results


def summary(rows: list[dict]) -> dict:
    """Median and worst latency, largest first-query bytes, mean precision of a list of queries."""
    found = [r["precision"] for r in rows if r["precision"] is not None]
    return {"median_ms": statistics.median(r["ms"] for r in rows), "worst_ms": max(r["ms"] for r in rows),
            "max_kb": max(r["bytes"] for r in rows) / 1024, "median_kb": statistics.median(r["bytes"] for r in rows) / 1024,
            "precision": sum(found) / len(found) if found else None, "found": len(found), "n": len(rows),
            "at": time.strftime("%Y-%m-%d")}
