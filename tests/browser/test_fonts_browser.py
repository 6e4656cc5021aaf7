"""Han text is drawn with a real CJK font, not as tofu boxes.

Without a CJK font Chromium draws every Han character as the same empty box
and every other browser test still passes. Two checks, each able to fail:
the fonts Chromium says it used for a heading (DevTools'
CSS.getPlatformFontsForNode) must be fonts fontconfig lists for Chinese,
and on a canvas, in the page's own font, two different Han characters must
draw differently and unlike a character no font has (which does draw as
the box: the comparison itself is shown to tell tofu apart).
"""

from __future__ import annotations

import subprocess

# Draw one character in the heading's font on a canvas; its pixels as a string.
_PIXELS = """([ch, font]) => {
  const c = document.createElement('canvas'); c.width = 64; c.height = 64;
  const g = c.getContext('2d'); g.font = font; g.textBaseline = 'top';
  g.fillStyle = '#000'; g.fillText(ch, 4, 4);
  return Array.from(g.getImageData(0, 0, 64, 64).data.filter((_, i) => i % 4 === 3)).join(',');
}"""


def _chinese_families() -> set[str]:
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    return {name.strip() for line in out.splitlines() for name in line.split(",") if name.strip()}


def test_han_text_is_drawn_with_a_chinese_font(phone, site_url):
    families = _chinese_families()
    assert families, "fc-list :lang=zh lists no font: scripts/test must install fonts-noto-cjk"
    phone.goto(site_url + "stories/zhang-song-xinsheng/")
    heading = phone.locator("article h1")
    assert heading.inner_text() == "张淞：心声"
    cdp = phone.context.new_cdp_session(phone)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "article h1"})["nodeId"]
    used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    han = [f["familyName"] for f in used if f["glyphCount"] > 0]
    assert han and all(name in families for name in han), (han, sorted(families))

    font = heading.evaluate("e => getComputedStyle(e).font")
    pixels = {ch: phone.evaluate(_PIXELS, [ch, font]) for ch in ("张", "淞", "\U000f0000", "\U000f0001")}
    assert pixels["\U000f0000"] == pixels["\U000f0001"]  # no font has these: both the same box
    assert pixels["张"] != pixels["淞"], "two Han characters draw alike: tofu"
    assert pixels["张"] != pixels["\U000f0000"], "a Han character draws as the missing-glyph box"
