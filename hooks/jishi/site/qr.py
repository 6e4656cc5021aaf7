"""QR codes: one SVG (for print layouts) and one PNG per story, team and enterprise page.

segno draws them (``segno.make``: about 2.5 ms, mostly choosing the mask).
Its PNG writer packs the pixels one generator step at a time (2.2 ms); the
same bytes are written here from the module rows as strings of bits (0.9 ms,
most of it zlib at segno's level 9); `tests/unit/test_qr.py` compares the two.
Codes are kept in a content-addressed cache between builds and the build
copies them from there (``qr_files``: never read into memory, where 50,000
stories' codes would hold ~350 MB); a first build of a large site draws the
ones missing on both cores: a child process (``python -m jishi.site.qr
CACHE``) takes half of them into the cache while this process draws the
other half.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
import sys
import zlib
from pathlib import Path

import segno

from jishi.site.child import start_python

__all__ = ["PARALLEL_FROM", "QR_NAMES", "main", "png_bytes", "qr_codes", "qr_files"]

QR_NAMES = ("qr.svg", "qr.png")
PARALLEL_FROM = 400  # missing codes worth a second process (it takes ~0.3 s to start)
_SCALE, _BORDER = 10, 4
_QR_VERSION = "1"  # bump when the drawing changes, to invalidate the cache


def qr_codes(url: str, cache_dir: Path | None = None) -> dict[str, bytes]:
    """{"qr.svg": ..., "qr.png": ...} encoding url, from the cache if there."""
    if cache_dir is not None:
        cached = _cached(url, cache_dir)
        if all(p.is_file() for p in cached.values()):
            return {name: p.read_bytes() for name, p in cached.items()}
    out = _draw(url)
    if cache_dir is not None:
        _store(url, out, cache_dir)
    return out


def qr_files(urls: list[str], cache_dir: Path) -> dict[str, dict[str, Path]]:
    """The cached files of every URL's codes ({"qr.svg": path, "qr.png": path}), drawn where missing.

    The build copies them from the cache (never read into memory); when many
    are missing, half are drawn by a second process.
    """
    files = {url: _cached(url, cache_dir) for url in urls}
    missing = [url for url, paths in files.items() if not all(p.is_file() for p in paths.values())]
    if len(missing) >= PARALLEL_FROM:
        half = len(missing) // 2
        child = _start_child(missing[half:], cache_dir)
        for url in missing[:half]:
            _store(url, _draw(url), cache_dir)
        if child is not None:
            child.wait()  # whatever it failed to draw is drawn below
        missing = [url for url in missing[half:] if not all(p.is_file() for p in files[url].values())]
    for url in missing:
        _store(url, _draw(url), cache_dir)
    return files


def png_bytes(matrix, scale: int = _SCALE, border: int = _BORDER) -> bytes:
    """The PNG segno writes for ``matrix`` (black on white, 1 bit a pixel), byte for byte."""
    width = (len(matrix[0]) + 2 * border) * scale
    pad = -width % 8
    size = (width + pad) // 8

    def scanline(bits: str) -> bytes:  # "1" is white (palette index 1), "0" black
        return b"\0" + int(bits + "0" * pad, 2).to_bytes(size, "big")
    quiet = scanline("1" * width) * (border * scale)
    same_as_above = (b"\2" + bytes(size)) * (scale - 1)  # PNG's "Up" filter, as segno writes it
    edge = "1" * (border * scale)
    light, dark = "1" * scale, "0" * scale
    rows = [quiet]
    for row in matrix:
        rows.append(scanline(edge + "".join(dark if module else light for module in row) + edge))
        rows.append(same_as_above)
    rows.append(quiet)
    height = (len(matrix) + 2 * border) * scale
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">2I5B", width, height, 1, 0, 0, 0, 0))
            + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + _chunk(b"IEND", b""))


def _chunk(name: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + name + data + struct.pack(">I", zlib.crc32(name + data))


def _draw(url: str) -> dict[str, bytes]:
    qr = segno.make(url, error="m", micro=False)
    svg = io.BytesIO()
    qr.save(svg, kind="svg", scale=_SCALE, border=_BORDER, title=url, svgclass=None, lineclass=None)
    return {"qr.svg": svg.getvalue(), "qr.png": png_bytes(qr.matrix)}


def _cached(url: str, cache_dir: Path) -> dict[str, Path]:
    key = hashlib.sha1(f"{_QR_VERSION}\n{url}".encode()).hexdigest()[:20]
    return {name: cache_dir / f"{key}.{name}" for name in QR_NAMES}


def _store(url: str, out: dict[str, bytes], cache_dir: Path) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    for name, path in _cached(url, cache_dir).items():
        # Write then rename, so a parallel build never reads half a file.
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(out[name])
        os.replace(tmp, path)


def _start_child(urls: list[str], cache_dir: Path):
    """A second process drawing ``urls`` into the cache; None if it cannot start."""
    try:
        child = start_python("jishi.site.qr", [str(cache_dir)])
        child.stdin.write("\n".join(urls).encode("utf-8"))
        child.stdin.close()
    except OSError:
        return None
    return child


def main(argv: list[str]) -> int:
    """The child: ``python -m jishi.site.qr CACHE_DIR``, one URL a line on stdin."""
    cache_dir = Path(argv[0])
    for url in sys.stdin.read().splitlines():
        qr_codes(url, cache_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
