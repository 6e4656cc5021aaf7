"""MkDocs adapter: the files jishi adds to a build (pages, QR codes, images, trimmed theme files).

Kept apart so the hook itself stays a list of event handlers. Nothing here decides content: the core does.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from jishi.content.images import IMAGE_SUFFIXES, ImageError, publish_image
from jishi.content.svg import SvgError, sanitize_svg
from jishi.mkdocs_adapter.internals import MAIN_CSS, PALETTE_CSS, SEARCH_FILES
from jishi.site.qr import qr_files
from jishi.site.share import absolute_url, qr_entries

__all__ = ["GeneratedFiles"]

_MAP_COMMENT = re.compile(rb"\n?(//# sourceMappingURL=\S+|/\*# sourceMappingURL=\S+ ?\*/)\s*$")


class GeneratedFiles:
    """Adds generated files to one build's Files, refusing collisions.

    `digests` records a hash of every added file's content, so that a preview
    rebuild can tell which ones did not change.
    """

    def __init__(self, files, config):
        self.files, self.config = files, config
        self.digests: dict[str, bytes] = {}

    def add(self, src_uri: str, content: str | bytes, origin: str) -> None:
        self._refuse_collision(src_uri, origin)
        self.files.append(File.generated(self.config, src_uri, content=content))
        data = content.encode() if isinstance(content, str) else content
        self.digests[src_uri] = hashlib.blake2b(data, digest_size=16).digest()

    def add_hashed(self, src_uri: str, content: bytes, origin: str) -> str:
        """Add content under src_uri with a digest of it in the name (jishi.css → jishi.1a2b3c4d.css); that name.

        A name that changes with the content can be cached for a year (jishi.editor.deploy.plan).
        """
        stem, dot, suffix = src_uri.rpartition(".")
        hashed = f"{stem}.{hashlib.sha256(content).hexdigest()[:8]}.{suffix}"
        self.add(hashed, content, origin)
        return hashed

    def add_copy(self, src_uri: str, path: Path, origin: str) -> None:
        """Add a copy of a cached file whose name is a digest of its content (e.g. a QR code)."""
        self._refuse_collision(src_uri, origin)
        self.files.append(File.generated(self.config, src_uri, abs_src_path=str(path)))
        self.digests[src_uri] = hashlib.blake2b(path.name.encode(), digest_size=16).digest()

    def _refuse_collision(self, src_uri: str, origin: str) -> None:
        existing = self.files.get_file_from_path(src_uri)
        if existing is not None:
            where = existing.abs_src_path or existing.src_uri
            raise PluginError(f"页面冲突：{src_uri} 既由 jishi 生成（{origin}），又存在于 {where}；请删除或改名其中一个")

    def replace(self, src_uri: str, path: Path) -> None:
        existing = self.files.get_file_from_path(src_uri)
        if existing is not None:
            self.files.remove(existing)
        self.files.append(File.generated(self.config, src_uri, abs_src_path=str(path)))

    def trim_theme(self, material_search: bool = False) -> str | None:
        """Drop the theme files no page uses; return Material's main stylesheet's URI.

        Source maps go, with the comments that point at them; Material's search
        goes unless its plugin is on. The palette stylesheet is kept for take_palette.
        """
        main = None
        for file in list(self.files):
            uri = file.src_uri
            if file.generated_by or not file.abs_src_path:
                continue
            if uri.endswith(".map") or (SEARCH_FILES.fullmatch(uri) and not material_search):
                self.files.remove(file)
            elif uri.endswith((".min.js", ".min.css")) and uri.startswith("assets/"):
                data = Path(file.abs_src_path).read_bytes()
                stripped = _MAP_COMMENT.sub(b"", data)
                if stripped != data:
                    self.files.remove(file)
                    self.files.append(File.generated(self.config, uri, content=stripped))
                main = uri if MAIN_CSS.fullmatch(uri) else main
        return main

    def take_palette(self) -> bytes:
        """Material's palette stylesheet, removed from the site, to be merged into jishi's."""
        for file in list(self.files):
            if PALETTE_CSS.fullmatch(file.src_uri):
                self.files.remove(file)
                return _MAP_COMMENT.sub(b"", file.content_bytes) + b"\n"
        return b""

    def add_links(self, site, cache: Path) -> None:
        """QR codes beside every story, team and enterprise page (the feed follows the pages: hook.on_post_build)."""
        entries = [(entry, absolute_url(self.config.site_url, entry.url)) for entry in qr_entries(site)]
        codes = qr_files([url for _, url in entries], cache)
        for entry, url in entries:
            for name, path in codes[url].items():
                self.add_copy(entry.url + name, path, origin=f"jishi:{entry.slug}")

    def publish_images(self, site, cache: Path) -> dict:
        """Replace every image in docs/ by a copy without metadata; add photos' widths.

        Images only withheld stories use are not published at all. Returns the
        photos published: image path → images.PublishedImage.
        """
        published_images = {}
        docs_dir = Path(self.config.docs_dir)
        wanted = {s.get("image") for s in site.stories if isinstance(s.get("image"), str)}
        withheld = {s.get("image") for s in site.drafts if isinstance(s.get("image"), str)} - wanted
        uri = ""
        try:
            for uri in sorted(wanted):
                published_images[uri] = published = publish_image(uri, docs_dir, cache)
                for variant, path in published.files.items():
                    self.replace(variant, path)
            for file in list(self.files.media_files()):
                uri = file.src_uri
                if uri in withheld:
                    self.files.remove(file)
                elif (Path(uri).suffix.lower() in IMAGE_SUFFIXES and uri not in wanted and not file.generated_by
                      and Path(file.abs_src_path).is_relative_to(docs_dir)):  # not the theme's own
                    for copy, path in publish_image(uri, docs_dir, cache, widths=()).files.items():
                        self.replace(copy, path)
                elif (Path(uri).suffix.lower() == ".svg" and not file.generated_by
                      and Path(file.abs_src_path).is_relative_to(docs_dir)):
                    self._replace_bytes(uri, sanitize_svg(Path(file.abs_src_path).read_bytes()))
        except (ImageError, SvgError) as exc:
            raise PluginError(f"图片无法发布（docs/{uri}）：{exc.message}；{exc.hint}") from None
        return published_images

    def _replace_bytes(self, src_uri: str, content: bytes) -> None:
        existing = self.files.get_file_from_path(src_uri)
        if existing is not None:
            self.files.remove(existing)
        self.files.append(File.generated(self.config, src_uri, content=content))
