"""The site's colours from one accent: WCAG contrast reached in every mode, and a warning when
the chosen accent itself cannot carry the header's white text."""

import pytest

from jishi.site.check import load_site
from jishi.site.palette import (DARK_BG, DARK_TINT, DEFAULT_ACCENT, ELDER, LIGHT_BG, LIGHT_TINT, TEXT, Palette,
                                accent_problems, contrast, luminance)

ACCENTS = ["#b71c1c", "#1565c0", "#ffeb3b", "#ff9800", "#00e5ff", "#000000", "#ffffff", "#7b1fa2", "#2e7d32"]


def test_the_wcag_formula():
    assert luminance("#ffffff") == pytest.approx(1) and luminance("#000000") == 0
    assert contrast("#ffffff", "#000000") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-failing grey
    assert contrast("#b71c1c", "#ffffff") == contrast("#ffffff", "#b71c1c")


@pytest.mark.parametrize("accent", ACCENTS)
def test_every_shade_reaches_its_ratio(accent):
    p = Palette.for_accent(accent)
    for ground in (LIGHT_BG, LIGHT_TINT):
        assert contrast(p.link, ground) >= TEXT and contrast(p.link_elder, ground) >= ELDER
    for ground in (DARK_BG, DARK_TINT):
        assert contrast(p.link_dark, ground) >= TEXT and contrast(p.link_dark_elder, ground) >= ELDER
    for fill in (p.solid, p.header_dark):
        assert contrast("#ffffff", fill) >= TEXT
    assert contrast("#ffffff", p.solid_elder) >= ELDER
    assert contrast("#ffffff", p.footer) >= ELDER and contrast("#ffffff", p.footer_dark) >= ELDER


def test_a_dark_enough_accent_is_used_as_chosen_and_unset_is_the_default():
    assert Palette.for_accent("#b71c1c").solid == "#b71c1c"
    assert Palette.for_accent(None) == Palette.for_accent(DEFAULT_ACCENT)
    assert accent_problems("#b71c1c", "jishi.yml", (3, 9)) == []
    assert accent_problems(None, "jishi.yml", None) == []


def test_a_light_accent_warns_in_chinese_at_its_line(tmp_path):
    (tmp_path / "jishi.yml").write_text('sponsor: 某某\naccent: "#ffeb3b"\n', encoding="utf-8")
    (tmp_path / "stories").mkdir()
    _, problems = load_site(tmp_path)
    shade = Palette.for_accent("#ffeb3b").solid
    assert [str(p) for p in problems] == [
        f"jishi.yml:2:1: 警告: accent: 主题色 #ffeb3b 太浅，标题栏上的白字对比度只有 1.2:1（至少要 4.5:1），"
        f"网站已改用加深的 {shade}；换一个深一些的颜色，例如 \"{shade}\""]
    assert not problems[0].is_error
