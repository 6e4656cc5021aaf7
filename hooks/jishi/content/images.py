"""Photos: checked before the build, published stripped of metadata, in several sizes.

An image path in a story must stay inside docs/ (no `..`, no absolute path,
no symlink out), name a file that exists, is under MAX_IMAGE_BYTES and really
is a JPEG, PNG or WebP (Pillow reads its content; the name is not trusted).

Published copies are re-encoded by Pillow without EXIF, XMP or text chunks
(photos of workers must not reveal where they were taken or live), turned
upright first, and made in the widths of WIDTHS for `srcset`. Results are
cached under .jishi-cache/images/<content hash>/, so an unchanged photo
costs one hash on rebuild.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from PIL import Image, ImageOps

from jishi.content.problems import Problem

__all__ = ["PublishedImage", "ImageError", "check_image", "resolve_image", "publish_image",
           "IMAGE_SUFFIXES", "MAX_IMAGE_BYTES", "MAX_PIXELS", "WIDTHS", "store_upload"]

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000
WIDTHS = (480, 960, 1600)
FORMATS = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "WEBP": (".webp",)}
IMAGE_SUFFIXES = frozenset(s for suffixes in FORMATS.values() for s in suffixes)
# Bump when the processing changes, so cached copies are remade.
PIPELINE = "jishi-images-1"


class ImageError(ValueError):
    """An image that cannot be published; the message is for editors (Chinese)."""

    def __init__(self, message: str, hint: str = ""):
        self.message, self.hint = message, hint
        super().__init__(message)


@dataclass
class PublishedImage:
    """A published photo: its main copy and every width made of it."""

    src_uri: str
    width: int
    height: int
    files: dict = field(default_factory=dict)  # src_uri -> cached file path
    variants: list = field(default_factory=list)  # [(src_uri, width)], narrowest first


def resolve_image(value: str, docs_dir: Path) -> Path:
    """The file an image path names, inside docs_dir; raises ImageError otherwise."""
    rel = PurePosixPath(value)
    if rel.is_absolute() or value.startswith(("\\", "~")) or ":" in value:
        raise ImageError("图片路径不能是绝对路径", "写 docs/ 下的相对路径，例如 images/li-ming.jpg")
    if ".." in rel.parts:
        raise ImageError("图片路径不能用 .. 跳出 docs/ 目录", "请把图片放进 docs/images/，写 images/文件名.jpg")
    docs = Path(docs_dir).resolve()
    path = docs / rel
    if not path.exists() and not path.is_symlink():
        raise ImageError(f"找不到图片文件 docs/{value}", "请确认文件已放进 docs/ 下，且大小写一致")
    real = path.resolve()
    if not real.is_relative_to(docs):
        raise ImageError(f"图片文件 docs/{value} 是指向 docs/ 之外的链接", "请把图片本身复制进 docs/images/")
    if not real.is_file():
        raise ImageError(f"docs/{value} 不是文件", "请写图片文件的路径")
    return real


def check_image(value: str, docs_dir: Path) -> tuple[int, int]:
    """Width and height of a publishable image; raises ImageError otherwise."""
    path = resolve_image(value, docs_dir)
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        raise ImageError(f"图片文件过大（{size / 1024 / 1024:.1f} MB，上限 {MAX_IMAGE_BYTES // 1024 // 1024} MB）",
                         "请先把图片缩小或压缩（长边 3000 像素左右足够）")
    with _open(path) as img:
        fmt = img.format
        if fmt not in FORMATS:
            raise ImageError(f"docs/{value} 不是允许的图片格式（实际是 {fmt or '未知格式'}）",
                             "只接受 JPEG、PNG、WebP 图片")
        if path.suffix.lower() not in FORMATS[fmt]:
            raise ImageError(f"docs/{value} 的扩展名是 {path.suffix}，内容却是 {fmt} 图片",
                             f"请把文件改名为 {FORMATS[fmt][0]} 结尾")
        return img.size


def _open(path: Path) -> Image.Image:
    """Open, verify and decode an image, turning every Pillow failure into ImageError.

    Decoded in full: verify() reads a JPEG's headers only, and a truncated one
    would fail later, while its copies are made.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as probe:
                _check_pixels(probe.width, probe.height)
                probe.verify()
            img = Image.open(path)  # verify() leaves the image unusable; open again
            try:
                img.load()
            except BaseException:
                img.close()
                raise
            return img
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(str(exc)) from None
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as exc:
        if "truncated" in str(exc):
            raise ImageError("图片文件不完整（只有前一部分，可能没有传完或下载中断）",
                             "请重新复制或导出这张图片") from None
        raise ImageError("文件不是图片，或者图片已损坏", "请重新导出为 JPEG 或 PNG") from None


def _check_pixels(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise ImageError(f"图片像素过多（{width}×{height}，上限 {MAX_PIXELS // 10_000} 万像素）",
                         "请先把图片缩小（长边 3000 像素左右足够）")


def _too_many_pixels(pillow_message: str) -> ImageError:
    """Pillow's own bomb guard fired before ours could measure: its message has the count."""
    match = re.search(r"\((\d+) pixels\)", pillow_message)
    count = f"{int(match.group(1)) // 10_000} 万像素，" if match else ""
    return ImageError(f"图片像素过多（{count}上限 {MAX_PIXELS // 10_000} 万像素）",
                      "请先把图片缩小（长边 3000 像素左右足够）")


def image_problem(path: str, line: int, col: int, value: str, docs_dir: Path,
                  check=check_image) -> Problem | None:
    """A Problem for the `image` field of a story, or None if it can be published.

    check is check_image or one with the same contract (jishi.content.image_checks).
    """
    try:
        check(value, docs_dir)
    except ImageError as exc:
        return Problem(path, line, col, "image", exc.message, exc.hint, code="image-invalid")
    return None


def publish_image(value: str, docs_dir: Path, cache_dir: Path, widths=WIDTHS) -> PublishedImage:
    """Make (or find in the cache) the stripped copies of one checked image."""
    source = resolve_image(value, docs_dir)
    data = source.read_bytes()
    key = hashlib.sha256(PIPELINE.encode() + repr(widths).encode() + data).hexdigest()[:24]
    entry = Path(cache_dir) / "images" / key
    if not (entry / "meta.json").is_file():
        _render(source, entry, widths)
    meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
    stem, suffix = value.rsplit(".", 1)
    published = PublishedImage(value, meta["width"], meta["height"])
    for name, width in meta["files"]:
        uri = value if name.startswith("full.") else f"{stem}-{width}w.{suffix}"
        published.files[uri] = entry / name
        published.variants.append((uri, width))
    return published


def store_upload(data: bytes, docs_dir: Path, stem: str, folder: str = "images") -> str:
    """An uploaded photo stored under docs/<folder>/ as <stem>.<ext>; returns its path as a story writes it.

    Refused (ImageError, the check's own messages) unless it is a JPEG, PNG or
    WebP within MAX_IMAGE_BYTES and MAX_PIXELS that decodes in full. What is
    stored is re-encoded upright without EXIF, GPS, XMP or comments, so the
    original's metadata never reaches docs/ at all.
    """
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(f"图片文件过大（{len(data) / 1024 / 1024:.1f} MB，上限 {MAX_IMAGE_BYTES // 1024 // 1024} MB）",
                         "请先把图片缩小或压缩（长边 3000 像素左右足够）")
    target_dir = Path(docs_dir) / folder
    target_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target_dir, prefix=".upload-")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        with _open(tmp) as img:
            if img.format not in FORMATS:
                raise ImageError(f"上传的文件不是允许的图片格式（实际是 {img.format or '未知格式'}）",
                                 "只接受 JPEG、PNG、WebP 图片")
            ext, n = FORMATS[img.format][0], 1
            name = f"{stem}{ext}"
            while (target_dir / name).exists():
                n += 1
                name = f"{stem}-{n}{ext}"
            _save(ImageOps.exif_transpose(img), tmp, img.format, img.info.get("icc_profile"))
        os.replace(tmp, target_dir / name)
        return f"{folder}/{name}"
    finally:
        tmp.unlink(missing_ok=True)


def _render(source: Path, entry: Path, widths) -> None:
    """Write the stripped copies into entry, atomically (a crash leaves no half entry)."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=entry.parent, prefix=".tmp-"))
    try:
        with _open(source) as img:
            fmt = img.format
            upright = ImageOps.exif_transpose(img)
            ext = FORMATS[fmt][0]
            full = _fit(upright, max(widths)) if widths else upright
            files = [(f"{w}{ext}", w) for w in widths if w < full.width]
            for name, w in files:
                _save(_fit(full, w), tmp / name, fmt, img.info.get("icc_profile"))
            _save(full, tmp / f"full{ext}", fmt, img.info.get("icc_profile"))
            files.append((f"full{ext}", full.width))
            meta = {"width": full.width, "height": full.height, "files": files}
            (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        os.replace(tmp, entry) if not entry.exists() else shutil.rmtree(tmp)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _fit(img: Image.Image, width: int) -> Image.Image:
    if img.width <= width:
        return img
    height = max(1, round(img.height * width / img.width))
    return img.resize((width, height), Image.Resampling.LANCZOS)


def _save(img: Image.Image, path: Path, fmt: str, icc: bytes | None) -> None:
    """Save with no metadata but the colour profile: no EXIF, GPS, XMP or comments."""
    # Pillow writes some of im.info (JPEG comments, XMP) back by default.
    img.info = {}
    if fmt == "JPEG":
        img = img.convert("RGB") if img.mode not in ("RGB", "L") else img
        img.save(path, "JPEG", quality=82, optimize=True, progressive=True, icc_profile=icc)
    elif fmt == "PNG":
        img.save(path, "PNG", optimize=True, icc_profile=icc)
    else:
        img.save(path, "WEBP", quality=80, method=6, icc_profile=icc)
