"""Lighthouse (mobile) on six page types of the campaign and of a fresh `jishi init` site.

Builds both (the fresh one with a story of each kind, as the tests make it), serves
each from 127.0.0.1 (gzip, as a real server would), and runs npm's Lighthouse
with Debian's Chromium on home, a story, a team, a person, a column and the 404
page: accessibility and performance scores, LCP, TBT and CLS. Lighthouse is not
in package.json (it is 100+ packages): it is installed into the output folder.

    .venv/bin/python bench/lighthouse.py [--out /tmp/jishi-lighthouse] [--runs 3]

Each page is measured --runs times and the best run shown: on a shared machine
other jobs only ever add main-thread time (TBT), never take it away.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import support  # noqa: E402  (the tests' fresh-site maker and real build)

LIGHTHOUSE = "lighthouse@13.5.0"
PAGES = {
    "campaign": {"home": "", "story": "stories/dao-zhigong-zhong-qu/", "team": "teams/jiahua-team/",
                 "person": "people/cao-jing/", "column": "columns/hugen/", "404": "404.html"},
    "fresh": {"home": "", "story": "stories/chongyang/", "team": "teams/xingfuli-team/",
              "person": "people/wang-fang/", "column": "columns/fengcai/", "404": "404.html"},
}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """A static server that gzips text and answers unknown paths with the site's 404.html."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        status = 200
        if not path.is_file():
            path, status = Path(self.directory) / "404.html", 404
        body = path.read_bytes()
        kind = self.guess_type(str(path))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if kind.startswith(("text/", "application/javascript", "application/json", "image/svg")):
            body = gzip.compress(body, 6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return _Bytes(body)


class _Bytes:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def serve(directory: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def build_sites(out: Path) -> dict[str, Path]:
    campaign = out / "campaign"
    result = support.mkdocs_build(support.ROOT, campaign)
    assert result.returncode == 0, result.stderr
    fresh_src = out / "fresh-src"
    if fresh_src.exists():
        import shutil
        shutil.rmtree(fresh_src)
    support.make_fresh_site(fresh_src)
    result = support.mkdocs_build(fresh_src, out / "fresh")
    assert result.returncode == 0, result.stderr
    return {"campaign": campaign, "fresh": out / "fresh"}


def lighthouse(out: Path) -> Path:
    tool = out / "npm" / "node_modules" / ".bin" / "lighthouse"
    if not tool.exists():
        (out / "npm").mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(out / "npm"), "--no-audit", "--no-fund",
                        "--loglevel=error", LIGHTHOUSE], check=True)
    return tool


def run_one(tool: Path, url: str, report: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    subprocess.run([str(tool), url, "--quiet", "--output=json", f"--output-path={report}",
                    "--only-categories=accessibility,performance", "--form-factor=mobile",
                    "--chrome-flags=--headless --no-sandbox --disable-gpu"], check=True, env=env, timeout=300)
    data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    failed = [a for a, v in audits.items() if v.get("score") == 0 and v.get("scoreDisplayMode") == "binary"
              and a in {r["id"] for r in data["categories"]["accessibility"]["auditRefs"]}]
    return {"a11y": round(data["categories"]["accessibility"]["score"] * 100),
            "perf": round(data["categories"]["performance"]["score"] * 100),
            "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
            "tbt": audits["total-blocking-time"]["numericValue"],
            "cls": audits["cumulative-layout-shift"]["numericValue"], "failed": failed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/jishi-lighthouse"))
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the best is shown (load only adds time)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    tool = lighthouse(args.out)
    sites = build_sites(args.out)
    print("| site | page | accessibility | performance | LCP s | TBT ms | CLS | failed a11y audits |")
    print("|---|---|---|---|---|---|---|---|")
    for name, folder in sites.items():
        base, server = serve(folder)
        try:
            for page, path in PAGES[name].items():
                runs = [run_one(tool, base + path, args.out / f"{name}-{page}-{i}.json") for i in range(args.runs)]
                r = max(runs, key=lambda run: (run["perf"], -run["tbt"]))
                print(f"| {name} | {page} | {r['a11y']} | {r['perf']} | {r['lcp']:.2f} | {r['tbt']:.0f} | "
                      f"{r['cls']:.3f} | {', '.join(r['failed']) or '—'} |", flush=True)
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
