"""A site's share image, drawn from its name: the name in white on its colour.

600×600 (WeChat and Open Graph take it as a thumbnail), nothing else on it:
no stock imagery, no claims. `jishi init` draws one for every new site into
docs/assets/share.png; a site may replace that file with its own.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

__all__ = ["draw_share_image", "name_lines", "find_cjk_font", "SIZE"]

SIZE = 600
# (path, face index): Simplified Chinese faces of common system fonts.
_FONTS = [
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("C:/Windows/Fonts/msyhbd.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
]


def find_cjk_font() -> tuple[str, int] | None:
    """A font file (and face) that can draw Chinese, or None."""
    for path, index in _FONTS:
        if Path(path).is_file():
            return path, index
    if shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "-f", "%{file}", ":lang=zh-cn"], capture_output=True, text=True)
        if found.returncode == 0 and found.stdout.strip() and Path(found.stdout.strip()).is_file():
            return found.stdout.strip(), 0
    return None


def name_lines(name: str, per_line: int = 6) -> list[str]:
    """The name in lines of at most per_line characters, as even as they can be."""
    name = name.strip()
    count = -(-len(name) // per_line) or 1
    size = -(-len(name) // count)
    return [name[i:i + size] for i in range(0, len(name), size)] or [""]


def draw_share_image(lines: list[str], colour: tuple[int, int, int]) -> tuple[Image.Image, bool]:
    """The image, and whether the text could be drawn (False when no Chinese font was found)."""
    image = Image.new("RGB", (SIZE, SIZE), colour)
    pen = ImageDraw.Draw(image)
    pen.rectangle((60, SIZE - 90, SIZE - 60, SIZE - 84), fill="white")
    font_file = find_cjk_font()
    if font_file is None:
        return image, False
    longest = max(len(line) for line in lines) or 1
    font = ImageFont.truetype(font_file[0], min(76, 460 // longest), index=font_file[1])
    boxes = [pen.textbbox((0, 0), line, font=font) for line in lines]
    gap = 28
    y = (SIZE - (sum(b[3] - b[1] for b in boxes) + gap * (len(lines) - 1))) / 2
    for line, box in zip(lines, boxes):
        pen.text(((SIZE - (box[2] - box[0])) / 2 - box[0], y - box[1]), line, font=font, fill="white")
        y += box[3] - box[1] + gap
    return image, True
