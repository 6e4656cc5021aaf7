"""MkDocs adapter: the files jishi adds to a build (pages, QR codes, feed, images).

Kept apart so the hook itself stays a list of event handlers. Nothing here decides content: the core does.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from jishi.site.feed import FEED_PATH, render_feed
from jishi.content.images import IMAGE_SUFFIXES, ImageError, publish_image
from jishi.content.svg import SvgError, sanitize_svg
from jishi.site.share import absolute_url, qr_codes, qr_entries

__all__ = ["GeneratedFiles"]


class GeneratedFiles:
    """Adds generated files to one build's Files, refusing collisions.

    `digests` records a hash of every added file's content, so that a preview
    rebuild can tell which ones did not change.
    """

    def __init__(self, files, config):
        self.files, self.config = files, config
        self.digests: dict[str, bytes] = {}

    def add(self, src_uri: str, content: str | bytes, origin: str) -> None:
        existing = self.files.get_file_from_path(src_uri)
        if existing is not None:
            where = existing.abs_src_path or existing.src_uri
            raise PluginError(f"页面冲突：{src_uri} 既由 jishi 生成（{origin}），又存在于 {where}；请删除或改名其中一个")
        self.files.append(File.generated(self.config, src_uri, content=content))
        data = content.encode() if isinstance(content, str) else content
        self.digests[src_uri] = hashlib.blake2b(data, digest_size=16).digest()

    def replace(self, src_uri: str, path: Path) -> None:
        existing = self.files.get_file_from_path(src_uri)
        if existing is not None:
            self.files.remove(existing)
        self.files.append(File.generated(self.config, src_uri, abs_src_path=str(path)))

    def add_links(self, site, cache: Path) -> None:
        """QR codes beside every story, team and enterprise page, and the feed."""
        site_url = self.config.site_url
        for entry in qr_entries(site):
            for name, data in qr_codes(absolute_url(site_url, entry.url), cache).items():
                self.add(entry.url + name, data, origin=f"jishi:{entry.slug}")
        feed = render_feed(site, site_url, self.config.site_name, self.config.site_description or "")
        self.add(FEED_PATH, feed, origin="jishi")

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
