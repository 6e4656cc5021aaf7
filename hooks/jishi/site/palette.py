"""A site's colours, all from one accent (jishi.yml `accent`), computed so they can be read.

WCAG 2's relative luminance and contrast ratio decide every shade: text in
the accent reaches 4.5:1 against the page it sits on (7:1 in 长辈模式), white
text on the accent-filled header, tabs, badges and buttons reaches 4.5:1
(7:1 in 长辈模式), and the footer is a dark band of the same hue. A shade that
does not reach its ratio is mixed towards black (on light grounds) or white
(on dark ones) in small steps until it does, so any accent gives a readable
site; `accent_problems` tells the editor when the accent as chosen could not
be used for the header. The template `jishi/accent.html` writes these values
as CSS custom properties; no stylesheet holds a colour of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from jishi.content.problems import WARNING, Problem

__all__ = ["Palette", "DEFAULT_ACCENT", "TEXT", "LARGE", "ELDER", "LIGHT_BG", "DARK_BG", "contrast", "luminance",
           "mix", "readable_on", "accent_problems"]

DEFAULT_ACCENT = "#1565c0"  # a site that sets no accent
TEXT = 4.5  # WCAG AA, normal text
LARGE = 3.0  # WCAG AA, large text and user-interface parts
ELDER = 7.0  # 长辈模式: WCAG AAA
WHITE = "#ffffff"
BLACK = "#000000"
LIGHT_BG = "#ffffff"  # the page in light mode
LIGHT_TINT = "#f6f6f6"  # the darkest light ground text sits on (notes, stats, voices)
DARK_BG = "#17181c"  # the page in dark mode (jishi-modes.css)
DARK_TINT = "#2a2b30"  # the lightest dark ground text sits on
_STEPS = 64


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(max(0, min(255, c))):02x}" for c in rgb)


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of "#rrggbb"."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(a: str, b: str, t: float) -> str:
    """a moved the fraction t of the way to b (in sRGB, as CSS color-mix does)."""
    return _hex(x + (y - x) * t for x, y in zip(_rgb(a), _rgb(b)))


def readable_on(colour: str, grounds: tuple[str, ...], ratio: float) -> str:
    """colour, mixed towards black or white just enough to reach ratio against every ground.

    Light grounds push it towards black, dark grounds towards white (the
    grounds of one call are all light or all dark).
    """
    target = WHITE if luminance(grounds[0]) < 0.18 else BLACK
    for step in range(_STEPS + 1):
        shade = mix(colour, target, step / _STEPS)
        if all(contrast(shade, g) >= ratio for g in grounds):
            return shade
    return target


@dataclass(frozen=True)
class Palette:
    """Every colour jishi derives from the accent, per reading mode."""

    accent: str
    solid: str  # header, tabs, badges, buttons: white text on it at 4.5:1; also links on white
    solid_elder: str  # the same at 7:1
    link: str  # accent as text and lines on the light page
    link_elder: str
    link_dark: str  # accent as text and lines on the dark page
    link_dark_elder: str
    header_dark: str  # the header in dark mode: quieter than the light one, white text at 4.5:1
    footer: str  # the footer band (light mode)
    footer_dark: str

    @classmethod
    def for_accent(cls, accent: str | None) -> "Palette":
        """The palette of an accent ("#rrggbb"; DEFAULT_ACCENT when None)."""
        accent = (accent or DEFAULT_ACCENT).lower()
        light, dark = (LIGHT_BG, LIGHT_TINT), (DARK_BG, DARK_TINT)
        solid = readable_on(accent, (WHITE,), TEXT)
        return cls(
            accent=accent,
            solid=solid,
            solid_elder=readable_on(accent, (WHITE,), ELDER),
            link=readable_on(accent, light, TEXT),
            link_elder=readable_on(accent, light, ELDER),
            link_dark=readable_on(accent, dark, TEXT),
            link_dark_elder=readable_on(accent, dark, ELDER),
            header_dark=readable_on(mix(solid, DARK_BG, 0.45), (WHITE,), TEXT),
            footer=readable_on(mix(accent, BLACK, 0.8), (WHITE,), ELDER),
            footer_dark=readable_on(mix(accent, BLACK, 0.88), (WHITE,), ELDER),
        )

    def tint(self, colour: str, alpha: float) -> str:
        """colour as an "rgba(…)" at alpha (backgrounds of notes, voices, highlighted terms)."""
        r, g, b = _rgb(colour)
        return f"rgba({r}, {g}, {b}, {alpha:g})"


def accent_problems(accent: str | None, path: str, position: tuple[int, int] | None) -> list[Problem]:
    """A warning when white text on the chosen accent would not reach 4.5:1 (the header's)."""
    if not accent:
        return []
    ratio = contrast(WHITE, accent)
    if ratio >= TEXT:
        return []
    shade = Palette.for_accent(accent).solid
    line, col = position or (0, 0)
    return [Problem(path, line, col, "accent",
                    f"主题色 {accent} 太浅，标题栏上的白字对比度只有 {ratio:.1f}:1（至少要 4.5:1），"
                    f"网站已改用加深的 {shade}",
                    f"换一个深一些的颜色，例如 \"{shade}\"", severity=WARNING, code="settings-accent")]
