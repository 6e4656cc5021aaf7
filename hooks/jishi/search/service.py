"""One Pagefind index fed page by page, through Pagefind's service mode.

``pagefind --service`` reads requests on stdin and answers on stdout, each
message base64-encoded JSON followed by a comma. It indexes an added page at
once (parsing the HTML, cutting words) and builds the index files when
asked to. Fed while MkDocs renders, the parsing runs in Pagefind's process on
the second core; only the final build of the index waits for the last page.

The files are asked for (``GetFiles``: every file of the bundle in the
reply) and written here, not by Pagefind (``WriteFiles``): Pagefind answers
WriteFiles while its last writes may still be in flight, and ending its
input then has left a truncated file in a bundle. With the files in the
reply, the bundle is complete when the reply is, and nobody guesses when the
disk has settled. The files jishi does not serve (``bundle.UNUSED``) are not
written at all.

The Python wrapper (``pagefind.index``) speaks the same protocol, but its
reply loop sleeps 0.1 s per message, which caps it at ten pages a second.
Here a writer thread sends (so rendering never waits on the pipe unless
Pagefind falls far behind) and a reader thread counts the replies.
"""

from __future__ import annotations

import base64
import json
import queue
import subprocess
import tempfile
import threading
from fnmatch import fnmatch
from pathlib import Path

from jishi.search.bundle import UNUSED
from jishi.search.index import SearchIndexError, pagefind_executable
from jishi.search.text import INDEX_LANGUAGE
from jishi.site.child import tail

__all__ = ["PagefindService", "QUEUE_PAGES", "end_input"]

QUEUE_PAGES = 64  # pages waiting for the pipe before add() waits: bounds the memory if Pagefind lags
_STOP = object()


def end_input(proc: subprocess.Popen, timeout: float) -> None:
    """Close a child's input and wait for it to exit; kill it if it takes longer than ``timeout`` s."""
    try:
        proc.stdin.close()
    except OSError:
        pass
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class PagefindService:
    """A running ``pagefind --service`` with one index; add pages, then write()."""

    def __init__(self, language: str = INDEX_LANGUAGE, transform=None, executable=None):
        executable = executable or pagefind_executable()
        self.transform = transform or (lambda html: html)  # run in the writer thread
        self.pages = 0
        self._stderr = tempfile.TemporaryFile()
        self._proc = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=self._stderr)
        self._sent = 0
        self._errors: list[str] = []
        self._replies: dict[int, dict] = {}
        self._arrived = threading.Condition()
        self._queue: queue.Queue = queue.Queue(QUEUE_PAGES)
        self._reader = threading.Thread(target=self._read, name="pagefind-reader", daemon=True)
        self._writer = threading.Thread(target=self._write, name="pagefind-writer", daemon=True)
        self._reader.start()
        self._writer.start()
        # Lowercase: Pagefind keys indexes by the code as given, so zh-CN pages and
        # zh-cn records would land in two indexes the browser never merges.
        self._queue.put(("raw", {"type": "NewIndex", "config": {"force_language": language.lower()}}))

    def add(self, path: str, html: str) -> None:
        """Index one page; ``path`` is its file under the site (stories/x/index.html gives /stories/x/)."""
        self.pages += 1
        self._put(("page", path, html))

    def add_record(self, url: str, content: str, language: str, meta=None, filters=None) -> None:
        """Index a record that is not a page (e.g. a name written in pinyin)."""
        self._put(("raw", {"type": "AddRecord", "index_id": 0, "url": url, "content": content,
                                    "language": language.lower(), "meta": meta, "filters": filters}))

    def write(self, bundle: Path) -> int:
        """Build the index and write its files into ``bundle``; the number of pages indexed."""
        self._put(("raw", {"type": "GetFiles", "index_id": 0}))
        self._put((_STOP,))
        self._writer.join()
        last = self._sent
        with self._arrived:
            while last not in self._replies and self._proc.poll() is None and not self._errors:
                self._arrived.wait(timeout=1)
        reply = self._replies.pop(last, None)
        self.close()
        detail = self._errors[:3] + (tail(self._stderr) if self._proc.returncode else [])
        self._stderr.close()
        if self._errors or reply is None:
            raise SearchIndexError("建立搜索索引失败（Pagefind）：" + " / ".join(detail or ["Pagefind 没有写出索引"]))
        _write_files(Path(bundle), reply.get("files") or [])
        return self.pages

    def close(self) -> None:
        """End Pagefind's input and wait for it to exit."""
        end_input(self._proc, 30)
        self._reader.join(timeout=10)
        self._proc.stdout.close()

    def kill(self) -> None:
        """Stop at once, writing nothing (the build failed)."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        try:
            while True:  # unblock a writer waiting for room, then let it stop
                self._queue.get_nowait()
        except queue.Empty:
            pass
        self._queue.put((_STOP,))
        self._writer.join(timeout=10)
        self.close()
        self._stderr.close()

    def _put(self, item: tuple) -> None:
        while self._writer.is_alive():  # a writer stopped by a dead Pagefind takes nothing more
            try:
                self._queue.put(item, timeout=1)
                return
            except queue.Full:
                continue

    # --- threads ------------------------------------------------------------
    def _write(self) -> None:
        while True:
            item = self._queue.get()
            if item[0] is _STOP:
                return
            try:
                if item[0] == "page":
                    self._send({"type": "AddFile", "index_id": 0, "file_path": item[1],
                                "file_contents": self.transform(item[2])})
                else:
                    self._send(item[1])
            except (BrokenPipeError, OSError) as exc:
                self._errors.append(f"Pagefind 已退出（{exc.__class__.__name__}）")
                return

    def _send(self, payload: dict) -> int:
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload}, ensure_ascii=False)
        self._proc.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
        self._proc.stdin.flush()
        return self._sent

    def _read(self) -> None:
        pending: list[bytes] = []  # the message being read, in pieces (the files' reply is megabytes)
        while True:
            chunk = self._proc.stdout.read1(1 << 16)
            if not chunk:
                break
            *ends, rest = chunk.split(b",")
            for end in ends:
                self._receive(json.loads(base64.b64decode(b"".join(pending) + end)))
                pending = []
            pending.append(rest)
        with self._arrived:
            self._arrived.notify_all()

    def _receive(self, reply: dict) -> None:
        payload = reply.get("payload") or {}
        with self._arrived:
            if payload.get("type") == "Error":
                self._errors.append(str(payload.get("message")))
            elif payload.get("type") == "GetFiles":  # the one reply kept: pages are counted here
                self._replies[reply.get("message_id")] = payload
            self._arrived.notify_all()


def _write_files(bundle: Path, files: list[dict]) -> None:
    """Write the files of Pagefind's GetFiles reply (``path`` under the bundle, base64 ``content``)."""
    for file in files:
        path = file["path"]
        if any(fnmatch(path, pattern) for pattern in UNUSED):
            continue
        target = bundle / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(file["content"]))
