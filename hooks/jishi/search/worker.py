"""The Python half of indexing, in a child process beside MkDocs.

What Pagefind is given of a page (jishi.search.text: the article cut out,
Han text in pairs, names in pinyin), the Han characters the folding map must
cover, and the base64 JSON of Pagefind's service protocol cost about 1.5 ms
a page of Python. Run in the MkDocs process they hold the GIL the renderer
needs, so they add to the page build instead of running beside it. Here the
MkDocs process only writes each page's HTML to a pipe (``IndexWorker.add``);
a child Python (``python -m jishi.search.worker``) does the rest and feeds
its own ``pagefind --service`` (jishi.search.service.PagefindService), both
on the other core.

The pipe carries frames: one byte (``P`` a page: path, NUL, HTML; ``K`` a
page whose copy the child keeps (the preview): path, NUL, its ``page_key``; ``W``
write the bundle to the path given, NUL, the pages a word needs for the
frequent words' lists or nothing for none), four bytes of length, the
payload. The child answers ``W`` with one JSON line: pages indexed, the Han
characters of the whole pages (the folding map's rule: the browser folds
every query, whatever part of a page it came from), the lists, or the
(Chinese) error. Input ending without ``W`` means the build
failed: the child stops its Pagefind and writes nothing.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import struct
import subprocess
import sys
import tempfile
from importlib import import_module
from pathlib import Path

from jishi.search import service as _service
from jishi.search.finish import finish_shard
from jishi.search.index import SearchIndexError, pagefind_executable, scratch_page
from jishi.search.text import INDEX_LANGUAGE, han_characters
from jishi.site.child import start_python, tail

__all__ = ["IndexResult", "IndexWorker", "main", "page_key"]

_HEADER = struct.Struct(">cI")
_COPY_FORMAT = b"jishi copy 2"  # in every key: copies written in another format are never read
_PIPE_BYTES = 1 << 20  # room for ~20 pages in the pipe before add() waits for the child


class IndexResult:
    """What one worker indexed: the page count, the Han characters of its pages, its frequent words' lists."""

    def __init__(self, pages: int, characters: set[str], lists: dict | None = None):
        self.pages = pages
        self.characters = characters
        self.lists = lists or {}


class IndexWorker:
    """One shard's index, fed from the MkDocs process; the work runs in a child process."""

    def __init__(self, language: str = INDEX_LANGUAGE, transform=scratch_page, niceness: int = 0,
                 copies: Path | None = None):
        """``niceness``: the child and its Pagefind run at that lower CPU priority (the preview's index);
        ``copies``: a folder where the child keeps what Pagefind was given of each page between runs
        (``_Copies``; one worker per folder)."""
        name = _name(transform)
        executable = pagefind_executable()
        self.pages = 0
        self._stderr = tempfile.TemporaryFile()
        self._proc = start_python("jishi.search.worker", [str(executable), language, name, str(copies or "")],
                                  niceness=niceness, stdout=subprocess.PIPE, stderr=self._stderr)
        _widen(self._proc.stdin)
        self._broken = False

    def add(self, path: str, html: str) -> None:
        """Index one page (``path`` under the site); waits only when the child is far behind."""
        self.pages += 1
        self._frame(b"P", path.encode("utf-8") + b"\0" + html.encode("utf-8"))

    def keep(self, path: str, key: str) -> None:
        """Index the page at ``path`` from the copy the child keeps under ``key`` (``page_key`` of
        its HTML, unchanged since the copy was made): nothing of the page crosses the pipe."""
        self.pages += 1
        self._frame(b"K", path.encode("utf-8") + b"\0" + key.encode("ascii"))

    def write(self, bundle: Path, least: int | None = None) -> IndexResult:
        """Build the index, write it to ``bundle`` and finish it, with lists of the words on ``least``
        pages or none (jishi.search.finish.finish_shard, in the child too); SearchIndexError on failure."""
        self._frame(b"W", str(bundle).encode("utf-8") + b"\0" + (b"" if least is None else str(least).encode()))
        try:
            self._proc.stdin.close()
        except OSError:
            pass
        answer = self._proc.stdout.read().strip().splitlines()[-1:]  # the last line is the reply
        self._proc.wait()
        self._proc.stdout.close()
        try:
            reply = json.loads(answer[0])
        except (IndexError, ValueError):
            reply = {"error": "建立搜索索引失败（Pagefind）：" + " / ".join(tail(self._stderr) or ["索引进程意外退出"])}
        self._stderr.close()
        if reply.get("error"):
            raise SearchIndexError(reply["error"])
        return IndexResult(reply["pages"], set(reply["characters"]), reply.get("lists"))

    def kill(self) -> None:
        """Stop at once, writing nothing: the child sees its input end and stops its Pagefind.

        A child already writing (its input closed by ``write``) is killed; its Pagefind then sees
        its own input end."""
        if self._proc.stdin.closed and self._proc.poll() is None:
            self._proc.kill()
        _service.end_input(self._proc, 10)
        self._proc.stdout.close()
        self._stderr.close()

    def _frame(self, op: bytes, payload: bytes) -> None:
        if self._broken:
            return
        try:
            self._proc.stdin.write(_HEADER.pack(op, len(payload)))
            self._proc.stdin.write(payload)
            if op == b"W":
                self._proc.stdin.flush()
        except (OSError, ValueError):  # the child is gone (or was killed); write() reports why
            self._broken = True


def _name(transform) -> str:
    """How the child finds the transform: ``module:qualname`` (a module-level function)."""
    name = f"{transform.__module__}:{transform.__qualname__}"
    if _load(name) is not transform:
        raise ValueError(f"{name}: the transform must be a module-level function")
    return name


def _load(name: str):
    module, _, qualname = name.partition(":")
    target = import_module(module)
    for part in qualname.split("."):
        target = getattr(target, part, None)
    return target


def _widen(pipe) -> None:
    try:
        import fcntl
        fcntl.fcntl(pipe.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_BYTES)
    except (ImportError, OSError):  # not Linux, or above the system's limit: the default pipe
        pass


def page_key(html: str) -> str:
    """The name of a page's kept copy: a digest of its HTML (the parent computes it too, jishi.search.folder)."""
    return hashlib.blake2b(html.encode("utf-8"), digest_size=16, person=_COPY_FORMAT).hexdigest()


class _Copies:
    """What Pagefind is given of each page and the page's Han characters, kept in a folder between
    runs (the preview's index), one file per page named by ``page_key``: the characters on its first
    line, then the copy. A page whose HTML did not change is not cut and paired again, and a page the
    parent knows unchanged is not even sent (``kept``). After a run, the copies it did not use are removed."""

    def __init__(self, transform, folder: Path):
        self.transform, self.folder, self.used = transform, folder, set()
        folder.mkdir(parents=True, exist_ok=True)

    def page(self, html: str) -> tuple[str, str]:
        """(what Pagefind is given of the page, its Han characters), from the copy if kept."""
        key = page_key(html)
        try:
            return self.kept(key)
        except OSError:
            copy, characters = self.transform(html), "".join(sorted(han_characters(html)))
            path = self.folder / key
            path.with_suffix(".next").write_text(f"{characters}\n{copy}", encoding="utf-8")
            os.replace(path.with_suffix(".next"), path)  # a run stopped midway leaves no half copy
            self.used.add(key)
            return copy, characters

    def kept(self, key: str) -> tuple[str, str]:
        """The copy kept under ``key`` and its page's Han characters; OSError if there is none."""
        characters, _, copy = (self.folder / key).read_text(encoding="utf-8").partition("\n")
        self.used.add(key)
        return copy, characters

    def prune(self) -> None:
        for path in self.folder.iterdir():
            if path.name not in self.used:
                path.unlink(missing_ok=True)


def _frames(stream):
    """The frames read from ``stream`` until it ends."""
    while True:
        header = stream.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return
        op, size = _HEADER.unpack(header)
        payload = stream.read(size)
        if len(payload) < size:
            return
        yield op, payload


def main(argv: list[str]) -> int:
    """The child: ``python -m jishi.search.worker EXECUTABLE LANGUAGE MODULE:TRANSFORM COPIES``."""
    executable, language, transform, copies = argv
    # Short-lived, and what it holds makes no reference cycles: without the collector's passes
    # over a shard's words (millions of small lists while finish_shard reads them), 10 % less time.
    gc.disable()
    copies = _Copies(_load(transform), Path(copies)) if copies else None
    service = _service.PagefindService(language, None if copies else _load(transform), executable=executable)
    characters: set[str] = set()
    lost = ""  # why a kept copy could not be read: this run fails, the next sends the page
    for op, payload in _frames(sys.stdin.buffer):
        if op != b"W":
            lost = _feed(service, copies, op == b"K", payload.decode("utf-8"), characters) or lost
            continue
        folder, _, least = payload.decode("utf-8").partition("\0")
        try:
            if lost:
                service.kill()
                raise SearchIndexError(lost)
            reply = {"pages": service.write(Path(folder)), "characters": "".join(sorted(characters)),
                     "lists": finish_shard(Path(folder), int(least) if least else None)}
        except SearchIndexError as error:
            reply = {"error": str(error)}
        if copies is not None:
            copies.prune()
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
        return 0
    service.kill()  # input ended without W: the build failed
    return 0


def _feed(service, copies: _Copies | None, kept: bool, payload: str, characters: set[str]) -> str | None:
    """Give Pagefind one page (``P``: its HTML, ``K``: the key of its kept copy); why not, if it cannot."""
    path, _, data = payload.partition("\0")
    if copies is None:
        characters |= han_characters(data)
        service.add(path, data)  # cut and paired in the service's writer thread
        return None
    try:
        copy, found = copies.kept(data) if kept else copies.page(data)
    except OSError as error:  # a kept copy removed meanwhile, the folder not writable
        return f"搜索索引暂未更新（{error.strerror or error}）；下次保存时重试"
    characters.update(found)
    service.add(path, copy)
    return None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
