"""Property tests: whatever bytes an editor saves, the loader answers with a story or our own error."""

import shutil
import string

from hypothesis import HealthCheck, example
from hypothesis import strategies as st

from support import property_test

from jishi import load_site
from jishi.content.loader import LoadError, SourceFile, parse_source
from jishi.content.problems import Problem, ProblemList
from jishi.content.sanitize import find_unsafe_html

KEYS = ["kind", "slug", "title", "date", "draft", "speaker", "speaker_role", "column", "items",
        "summary", "image", "people", "team", "order", "aliases", "<<", "titel", "日期", "? a", "- x"]
KINDS = ["testimonial", "case", "photo", "voices", "person", "team", "Case", "", "null"]
SCALARS = st.one_of(
    st.sampled_from(KINDS + ["zhang-song", "nuanxin", "2017", "2017-02-30", "2099-01-01", '"2017"', "true",
                             "'是'", "&a x", "*a", "!!python/object:os.system", "!!float x", "[", "{", "]",
                             "|", ">", "~", "：", "1e400", "9" * 50, "\t", "'", '"', "#", "%", "@", "`"]),
    st.text(max_size=30),
    st.integers(), st.floats(allow_nan=True),
)
BODY_PIECES = st.sampled_from([
    "正文。", "<script>alert(1)</script>", "<b>粗</b>", "[x](javascript:alert(1))", "{onclick=x}",
    "<!-- c -->", "![](https://e.example/p.gif)", "<img src=x onerror=y>", "`<i>`", "\n\n", "# 标题 {#id}",
    "<div markdown>*a*</div>", "&#106;", "<", "&", "{", ":", "---", "\r\n", "\x00", "\ufeff",
])


@st.composite
def front_matter_line(draw):
    key = draw(st.sampled_from(KEYS) | st.text(max_size=8))
    indent = draw(st.sampled_from(["", "", "  ", "\t", "- "]))
    sep = draw(st.sampled_from([": ", ": ", ":", "：", " : ", "="]))
    value = draw(SCALARS)
    return f"{indent}{key}{sep}{value}"


VALID = ("---\nkind: testimonial\nslug: prop-story\nspeaker: zhang-song\nspeaker_role: 操作部职工\n"
         "column: nuanxin\ndate: \"2017\"\n---\n正文。<b>心声</b>\n").encode("utf-8")


@st.composite
def mutated_valid(draw):
    """A valid story with a few bytes deleted, replaced or inserted."""
    data = VALID
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        cut = draw(st.integers(0, 4))
        data = data[:at] + draw(st.binary(max_size=4) | BODY_PIECES.map(str.encode)) + data[at + cut:]
    return data


@st.composite
def story_bytes(draw):
    if draw(st.integers(0, 3)) == 0:
        return draw(mutated_valid())
    lines = draw(st.lists(front_matter_line(), max_size=12))
    body = "".join(draw(st.lists(BODY_PIECES | st.text(max_size=20), max_size=10)))
    opening = draw(st.sampled_from(["---\n", "---\n", "---\r\n", "\ufeff---\n", "", "--- \n"]))
    closing = draw(st.sampled_from(["---\n", "---\n", "...\n", "", "----\n"]))
    text = opening + "\n".join(lines) + "\n" + closing + body
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "gb18030", "utf-16"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()) and data:
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=8)) + data[cut:]
    return data


@property_test(400, raw=story_bytes())
def test_parse_source_returns_a_source_file_or_raises_load_error(raw):
    try:
        result = parse_source(raw, "stories/x.md")
    except LoadError as exc:
        assert isinstance(exc.problem, Problem)
        assert str(exc.problem).startswith("stories/x.md")
        return
    assert isinstance(result, SourceFile)
    assert isinstance(result.data, dict) and isinstance(result.body, str)


@property_test(200, raw=st.binary(max_size=400))
def test_parse_source_survives_arbitrary_bytes(raw):
    try:
        assert isinstance(parse_source(raw, "stories/x.md"), SourceFile)
    except LoadError:
        pass


@property_test(300, body=st.lists(BODY_PIECES | st.text(alphabet=string.printable + "中文<>&\"'=", max_size=30),
                                   max_size=12))
def test_sanitizer_never_crashes(body):
    findings = find_unsafe_html("".join(body))
    assert all(f.message for f in findings)


@property_test(60, files=st.lists(story_bytes(), min_size=1, max_size=3),
               settings=dict(suppress_health_check=[HealthCheck.function_scoped_fixture]))
@example(files=[VALID])
def test_load_site_returns_site_or_problems_never_raises(tmp_path_factory, files, make_site):
    root = tmp_path_factory.mktemp("prop")
    make_site(root, {f"hostile/{i}.md": data for i, data in enumerate(files)})
    site, problems = load_site(root, today="2030-01-01")
    assert isinstance(problems, ProblemList)
    assert all(isinstance(p, Problem) for p in problems)
    if site is None:
        assert problems.errors
    else:
        assert not problems.errors
        if files == [VALID]:
            assert "prop-story" in {s.slug for s in site.stories}
    shutil.rmtree(root, ignore_errors=True)
