"""What Pagefind is given of a page (jishi.search.text) and what is done to its bundle (jishi.search.bundle)."""

from __future__ import annotations

import gzip
import re

import cbor2

from jishi.search.bundle import fold_map, normalise
from jishi.search.text import (PINYIN_MARK, SPACE_MARK, han_characters, indexed_html, name_pinyin, pair_text,
                               without_ignored)

M = SPACE_MARK


def test_han_text_becomes_overlapping_pairs_each_a_word():
    assert pair_text("<p>同吃同住</p>") == f"<p>{M}同吃 吃同 同住{M}</p>"
    # A lone character is a word of its own; two characters are one word.
    assert pair_text("<p>工会</p>") == f"<p>{M}工会{M}</p>"
    assert pair_text("<p>好</p>") == f"<p>{M}好{M}</p>"


def test_pairs_run_across_inline_tags_but_not_blocks():
    assert pair_text('<p>工会<a href="x">干部</a></p>') == f'<p>{M}工会 会<a href="x">干 干部{M}</a></p>'
    assert pair_text("<h1>工会</h1><p>干部</p>") == f"<h1>{M}工会{M}</h1><p>{M}干部{M}</p>"
    # An element Pagefind ignores ends the run: its text is not in the index.
    assert pair_text("<span data-pagefind-ignore>姚</span><a>姚利军</a>") == \
        f"<span data-pagefind-ignore>{M}姚{M}</span><a>{M}姚利 利军{M}</a>"


def test_what_pagefind_ignores_is_emptied_but_its_tags_and_its_filters_stay():
    html = ('<p>工会<span data-pagefind-ignore>姚<b>利</b></span>干部</p>'
            '<section data-pagefind-ignore><ul><li><a>相关稿件</a></li></ul><section>内</section></section>'
            '<aside data-pagefind-ignore="all"><p>扫码</p></aside><img data-pagefind-ignore alt="图">'
            '<div hidden data-pagefind-ignore><span data-pagefind-filter="类型:纪实报道"></span>'
            '<p data-pagefind-ignore>说明</p></div>')
    assert without_ignored(html) == (
        '<p>工会<span data-pagefind-ignore></span>干部</p><section data-pagefind-ignore></section>'
        '<aside data-pagefind-ignore="all"></aside><img data-pagefind-ignore alt="图">'
        '<div hidden data-pagefind-ignore><span data-pagefind-filter="类型:纪实报道"></span>'
        '<p data-pagefind-ignore></p></div>')
    # The run still ends at the emptied element: 工会 and 干部, never 会干.
    assert pair_text(without_ignored(html)).startswith(f"<p>{M}工会{M}<span data-pagefind-ignore></span>{M}干部{M}</p>")
    assert without_ignored("<p>工会</p>") == "<p>工会</p>"


def test_pagefind_is_given_no_ids_but_headings_so_fragments_hold_no_paragraph_anchors():
    page = ('<html lang="zh"><body><article data-pagefind-body><h2 id="jie">节</h2>'
            '<p id="p-54bf2f" class="x">工会</p><p class="y" id="p-2">干部</p><p data-id="k">好</p></article></body></html>')
    copy = indexed_html(page)
    assert 'id="p-' not in copy and '<h2 id="jie">' in copy and 'data-id="k"' in copy
    assert f'<p class="x">{M}工会{M}</p><p class="y">{M}干部{M}</p>' in copy


def test_han_is_set_apart_from_punctuation_latin_and_digits():
    # Pagefind splits words at whitespace only: “六有”目标 must not be one word.
    assert pair_text("<p>“六有”目标</p>") == f"<p>“ 六有 ” 目标{M}</p>"
    assert pair_text("<p>WIT员工2017年</p>") == f"<p>WIT 员工 2017 年{M}</p>"


def test_a_real_space_beside_han_is_marked_so_the_browser_keeps_it():
    assert pair_text("<p>工会 会议</p>") == f"<p>{M}工会{M} {M}会议{M}</p>"
    assert pair_text("<p>a b</p>") == "<p>a b</p>"


def test_full_width_latin_and_digits_are_indexed_half_width_and_angles_stay_escaped():
    assert pair_text("<p>ＷＩＴ１２</p>") == "<p>WIT12</p>"
    assert pair_text("<h1>&lt;script&gt; a > b</h1>") == "<h1>&amp;lt;script&amp;gt; a &amp;gt; b</h1>"
    # Tags and attribute values are never touched.
    assert pair_text('<p title="王跃初">x</p>') == '<p title="王跃初">x</p>'


def test_names_get_full_pinyin_and_initials_and_nothing_else_does():
    page = ('<html lang="zh-CN"><head><title>姚利军</title></head><body><nav>菜单</nav>'
            '<article data-pagefind-body><h1 data-jishi-pinyin>姚利军</h1><p>工会主席</p></article></body></html>')
    html = indexed_html(page)
    assert f'<span data-pagefind-weight="7">{PINYIN_MARK}yaolijun ylj{PINYIN_MARK}</span>' in html
    assert html.count(PINYIN_MARK) == 2
    assert "菜单" not in html and "姚利 利军" in html and "工会 会主 主席" in html
    assert name_pinyin("中建幕墙") == ("zhongjianmuqiang", "zjmq")
    assert name_pinyin("WIT") == ()


def test_han_characters_are_those_of_the_page_attributes_included():
    assert han_characters("<p title=\"标题\">职工 WIT</p>") == {"标", "题", "职", "工"}


def test_fold_map_holds_only_characters_the_index_holds():
    folded = fold_map({"职", "工", "无", "声"})
    assert folded["職"] == "职" and folded["無"] == "无" and folded["聲"] == "声"
    assert "課" not in folded  # 课 is in no page: nothing to fold it to
    assert set(folded.values()) <= {"职", "工", "无", "声"}


def _pagefind_file(path, value):
    path.write_bytes(gzip.compress(b"pagefind_dcd" + cbor2.dumps(value)))


def test_normalise_gives_equal_bytes_whatever_order_pagefind_wrote(tmp_path):
    outputs = []
    for run, order in enumerate(([["b", [1]], ["a", [0, 2]]], [["a", [0, 2]], ["b", [1]]])):
        bundle = tmp_path / str(run)
        (bundle / "filter").mkdir(parents=True)
        _pagefind_file(bundle / "filter" / f"und_f{run}.pf_filter", ["类型", order])
        filters = [["类型", f"und_f{run}"], ["企业", f"und_g{run}"]][:: 1 if run else -1]
        _pagefind_file(bundle / "filter" / f"und_g{run}.pf_filter", ["企业", [["x", [0]]]])
        _pagefind_file(bundle / f"pagefind.und_m{run}.pf_meta", ["1.5.2", [["und_p", 3]], [], filters, [], ["title"]])
        (bundle / "fragment").mkdir()
        (bundle / "fragment" / "und_p.pf_fragment").write_bytes(b"fragment")
        (bundle / "pagefind-entry.json").write_text(
            '{"version":"1.5.2","languages":{"und":{"hash":"und_m%d","wasm":null,"page_count":3}}}' % run)
        normalise(bundle)
        outputs.append({p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()})
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 5  # the old files are gone
    fragment = next(name for name in outputs[0] if name.startswith("fragment/"))
    assert re.fullmatch(r"fragment/[0-9a-f]{6}/0\.pf_fragment", fragment)  # the page's short id: digest/number
    assert outputs[0][fragment] == b"fragment"
