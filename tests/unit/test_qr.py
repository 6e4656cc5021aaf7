"""QR codes: jishi's PNG writer gives segno's bytes; a second process draws half of many missing codes."""

from __future__ import annotations

import io

import segno
from hypothesis import strategies as st

from support import property_test

import jishi.site.qr
from jishi.site.qr import png_bytes, qr_codes, qr_files


def segno_png(url: str, **style) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", **style)
    return out.getvalue()


@property_test(60, st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=300))
def test_the_png_is_segnos_byte_for_byte(text):
    matrix = segno.make(text, error="m", micro=False).matrix
    assert png_bytes(matrix) == segno_png(text, scale=10, border=4)


def test_other_scales_and_borders_too():
    matrix = segno.make("https://example.org/stories/a/", error="m", micro=False).matrix
    for scale, border in [(1, 0), (3, 1), (7, 2), (10, 4)]:
        assert png_bytes(matrix, scale, border) == segno_png("https://example.org/stories/a/", scale=scale,
                                                             border=border)


def test_the_codes_are_segnos_svg_and_png():
    url = "https://example.org/stories/zhang-yong/"
    svg = io.BytesIO()
    segno.make(url, error="m", micro=False).save(svg, kind="svg", scale=10, border=4, title=url, svgclass=None,
                                                  lineclass=None)
    assert qr_codes(url) == {"qr.svg": svg.getvalue(), "qr.png": segno_png(url, scale=10, border=4)}


def test_many_missing_codes_are_drawn_half_here_half_by_a_second_process(tmp_path, monkeypatch):
    urls = [f"https://example.org/stories/s{n}/" for n in range(10)]
    drawn_here = []
    draw = jishi.site.qr._draw
    monkeypatch.setattr(jishi.site.qr, "PARALLEL_FROM", 4)
    monkeypatch.setattr(jishi.site.qr, "_draw", lambda url: drawn_here.append(url) or draw(url))
    expected = {url: draw(url) for url in urls}
    files = qr_files(urls + urls[:2], tmp_path / "qr")
    assert drawn_here == urls[:5]  # the other five came from the child, through the cache
    assert {url: {name: p.read_bytes() for name, p in paths.items()} for url, paths in files.items()} == expected
    assert len(list((tmp_path / "qr").iterdir())) == 20  # and nothing half written is left


def test_a_few_missing_codes_are_drawn_here(tmp_path, monkeypatch):
    urls = ["https://example.org/a/", "https://example.org/b/"]
    expected = {url: qr_codes(url) for url in urls}
    drawn_here = []
    draw = jishi.site.qr._draw
    monkeypatch.setattr(jishi.site.qr, "_draw", lambda url: drawn_here.append(url) or draw(url))
    def read(files):
        return {url: {name: p.read_bytes() for name, p in paths.items()} for url, paths in files.items()}
    assert read(qr_files(urls, tmp_path)) == expected
    assert drawn_here == urls
    drawn_here.clear()
    assert read(qr_files(urls, tmp_path)) == expected
    assert drawn_here == []  # the second time, from the cache
