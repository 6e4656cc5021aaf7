"""The frequent words' lists and chunk splitting (jishi.search.frequent), on small hand-made data."""

from __future__ import annotations

from jishi.search.frequent import _counts, _pieces, _within, bucket, merge_lists

M = "\u200c"


def _word(word, pages):
    return [word, [[1, [-25, 3], []] for _ in range(pages)], []]


def test_a_big_word_and_its_marked_form_get_a_chunk_of_their_own(monkeypatch):
    monkeypatch.setenv("JISHI_SEARCH_SPLIT_PAGES", "10")
    words = [_word("职场", 2), _word("职工", 3), _word("职工" + M, 12), _word("职责", 1)]
    pieces = _pieces(["职", "职责", "und_a"], words)
    assert [(low, high, [w[0] for w in part], big) for low, high, part, big in pieces] == [
        ("职场", "职场", ["职场"], False),
        ("职工", "职工" + M, ["职工", "职工" + M], True),  # the plain form moves to its big marked form
        ("职责", "职责", ["职责"], False)]
    assert _within("职工" + M, ["职工", "职工" + M]) and not _within("职责", ["职工", "职工" + M])
    assert _pieces(["职", "职责", "und_a"], words[:1]) == [("职", "职责", words[:1], False)]  # nothing to split


def test_lists_of_shards_merge_best_first_with_the_shard_in_the_id():
    first = {"职工": (30, [(2.0, 4, "a/4"), (1.0, 0, "a/0")]), "工会": (3, [(1.0, 1, "a/1")])}
    second = {"职工": (25, [(1.5, 2, "b/2")])}
    assert merge_lists([first, second], least=10) == {"职工": [55, "a/4", "2:b/2", "a/0"]}


def test_the_bucket_is_fnv1a_over_utf16_code_units():
    assert bucket("", 1 << 32) == 0x811C9DC5
    assert bucket("a", 1 << 32) == 0xE40C292C  # FNV-1a 32 of "a"
    assert len({bucket(w, 7) for w in ("职工", "工会", "活动", "工作", "企业", "服务", "发展")}) > 1


def test_other_words_are_cut_into_small_chunks_a_word_with_its_marked_form(monkeypatch):
    import jishi.search.frequent as frequent

    monkeypatch.setattr(frequent, "SMALL_CHUNK", 10)  # each _word of 2 pages is 2 × (2 + 2) = 8 numbers
    words = [_word("工人", 2), _word("工人" + M, 2), _word("工会", 2), _word("工作", 2)]
    pieces = _pieces(["工", "工作", "und_b"], words)
    assert [[w[0] for w in part] for _, _, part, _ in pieces] == [["工人", "工人" + M], ["工会"], ["工作"]]
    assert [(low, high) for low, high, _, _ in pieces] == [("工人", "工人" + M), ("工会", "工会"), ("工作", "工作")]


def test_a_place_of_any_weight_counts_by_its_weight_and_markers_count_as_no_place():
    # As Pagefind 1.5 writes them: -(w + 1) sets the weight w (24 plain) of the places after it.
    postings = [
        [0, [-25, 3, 2], []],                      # twice in plain text
        [1, [-13, 9, -25, 2, 3, 2, 5], []],        # once at weight 0.5 (12), four times plain
        [2, [-73, 13], []],                        # once at weight 3 (72)
        [1, [-25, 4, -1, 6], []],                  # once plain, once at weight 0
    ]
    assert [tf for _, _, tf in _counts(postings)] == [2, 4.5, 3, 1]
    assert [n for n, _, _ in _counts(postings)] == [0, 1, 3, 4]


def test_a_chunk_cut_again_from_its_entries_bytes_equals_encoding_the_entries_again(tmp_path):
    import gzip

    import cbor2

    from jishi.search.bundle import chunk_bytes, read_chunk_entries

    signature = b"pagefind_dcd"
    for count in (3, 30, 300):  # array headers of one, two and three bytes
        entries = [_word(f"工{n:03}" + M * (n % 2), 1 + n % 5) for n in range(count)]
        entries[0][1][0][1] += [-73, 70000, 2 ** 40]  # longer integers, a weight
        path = tmp_path / f"{count}.pf_index"
        path.write_bytes(gzip.compress(signature + cbor2.dumps([entries]), 9))
        decoded, pieces = read_chunk_entries(path)
        assert decoded == entries
        assert [cbor2.loads(piece) for piece in pieces] == entries
        part = slice(1, count - 1)
        assert gzip.decompress(chunk_bytes(pieces[part])) == signature + cbor2.dumps([entries[part]])
