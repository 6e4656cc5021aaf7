"""The hostile corpus: damaged and malicious story files, each with its expected outcome.

Every file under tests/hostile/ is a real way editors or attackers break
input. Each is loaded alone into a fixture site (with the real entities) and
must be rejected with the exact message below, naming the file and line, or
accepted and rendered safely; all of them together go through one
`jishi check`, and none may produce a traceback or take a second.
"""

import re
import shutil
from pathlib import Path

import pytest

from support import no_hang
from jishi import load_site

HOSTILE = Path(__file__).parent / "hostile"
TODAY = "2030-01-01"
P = "stories/hostile/"
NOT_ALLOWED_TAG = "可用 Markdown 写法或这些标签：b、strong、i、em、a、img、table、sup、sub、ruby 等"
URL_HINT = "链接只能是 https://、http://、mailto: 或站内相对路径"
OTHER_HOST = "会被浏览器当成另一个网站；以 //、/\\ 或 \\\\ 开头的网址指向别的网站；站内链接写 ../网址名/ 或 /stories/网址名/"
INVISIBLE = "它会让显示的文字和实际内容不一样；多半是粘贴带进来的，请删掉它后重新输入这几个字"

REJECTED = {
    "script-tag.md": "script-tag.md:11:1: 正文: 不允许 <script> 脚本；稿件里不能运行脚本；请删掉它",
    "iframe-embed.md": "iframe-embed.md:11:1: 正文: 不允许嵌入外部内容（<iframe>）；网站不向其他网站请求任何内容；请改成普通链接 [标题](https://…)",
    "onerror-attribute.md": "onerror-attribute.md:11:25: 正文: 不允许事件属性 onerror=（会运行脚本）；请删掉这个属性",
    "javascript-link.md": f"javascript-link.md:9:11: 正文: 不允许的 javascript: 网址（<a href=…>）；{URL_HINT}",
    "javascript-entity-link.md": f"javascript-entity-link.md:9:1: 正文: 不允许的 javascript: 网址（<a href=…>）；{URL_HINT}",
    "javascript-tab-link.md": f"javascript-tab-link.md:9:1: 正文: 不允许的 javascript: 网址（<a href=…>）；{URL_HINT}",
    "data-url-image.md": f"data-url-image.md:9:11: 正文: 不允许的 data: 网址（<img src=…>）；{URL_HINT}",
    "style-tag.md": "style-tag.md:9:1: 正文: 不允许 <style> 样式表；版式由网站统一负责；请删掉它",
    "style-attribute-from-word.md": "style-attribute-from-word.md:9:4: 正文: 不允许 style 属性；版式由网站统一负责；请删掉这个属性",
    "attr-list-onclick.md": "attr-list-onclick.md:9:9: 正文: 不允许事件属性 onclick=（会运行脚本）；请删掉这个属性",
    "html-comment-internal-note.md": "html-comment-internal-note.md:11:1: 正文: HTML 注释（<!-- -->）会原样出现在网页源代码里，"
                                     "读者能看到；内部备注请不要写在稿件里；请删掉注释",
    "remote-tracking-pixel.md": "remote-tracking-pixel.md:11:5: 正文: 图片不能引用其他网站；网站不向其他网站请求任何内容；"
                                "请把图片放到 docs/images/ 下，用相对路径引用",
    "form-phishing.md": f"form-phishing.md:9:1: 正文: 不允许的 HTML 标签 <form>；{NOT_ALLOWED_TAG}",
    "svg-onload.md": f"svg-onload.md:9:1: 正文: 不允许的 HTML 标签 <svg>；{NOT_ALLOWED_TAG}",
    "meta-refresh.md": f"meta-refresh.md:9:1: 正文: 不允许的 HTML 标签 <meta>；{NOT_ALLOWED_TAG}",
    "alias-bomb.md": "alias-bomb.md:5:4: b.0: 不支持 YAML 锚点和别名（& 和 *）；请把内容直接写出来",
    "deep-nesting.md": "deep-nesting.md:4:208: 嵌套层次过深（超过 20 层）；前置信息只需要简单的字段、列表和映射",
    "list-front-matter.md": "list-front-matter.md:2:1: 前置信息必须是“字段: 值”的映射；每行写一个字段，例如 title: 标题",
    "scalar-front-matter.md": "scalar-front-matter.md:2:1: 前置信息必须是“字段: 值”的映射；每行写一个字段，例如 title: 标题",
    "empty.md": "empty.md:1:1: 文件是空的",
    "whitespace-only.md": "whitespace-only.md:1:1: 文件是空的",
    "binary-png.md": "binary-png.md:1:1: 这不是文本文件（含有二进制内容）；稿件必须是 UTF-8 编码的 Markdown 文本；图片请放在 docs/images/ 下",
    "gbk-encoded.md": "gbk-encoded.md:5:15: 文件是 GBK/GB18030 编码，本系统只接受 UTF-8；运行 jishi check --fix-encoding 自动转存为 UTF-8（不改动任何字），或在编辑器里“另存为 → 编码 UTF-8”",
    "utf16-encoded.md": "utf16-encoded.md:1:1: 文件是 UTF-16 编码，本系统只接受 UTF-8；请在编辑器里选择“另存为 → 编码 UTF-8”",
    "latin1-encoded.md": "latin1-encoded.md:4:11: 文件不是有效的 UTF-8 编码；请用编辑器“另存为 → 编码 UTF-8”后重新保存",
    "fullwidth-colon.md": "fullwidth-colon.md:4:8: speaker: 字段名后面用了中文冒号“：”；请把中文冒号“：”改成英文冒号加一个空格：speaker: …",
    "tab-indent.md": "tab-indent.md:6:1: YAML 语法错误：这一行有 Tab 字符；YAML 不能用 Tab 缩进，请改用空格",
    "duplicate-key.md": "duplicate-key.md:7:1: speaker: 字段重复（第 4 行已写过一次）；同一字段只能写一次，请删掉或合并其中一个",
    "impossible-date.md": "impossible-date.md:7:1: date: 日期不存在：'2017-02-30'；请核对年月日，例如 2 月没有 30 日",
    "unknown-reference.md": "unknown-reference.md:4:1: speaker: 找不到人物 'zhang-snog'；你是不是想写 'zhang-song'（张淞）？",
    "python-object-tag.md": "python-object-tag.md:8:10: summary: 不支持 YAML 类型标记 '!!python/object/apply:os.system'；"
                            "请去掉 ! 开头的标记，直接写值",
    "control-character.md": "control-character.md:5:24: 含有不允许的控制字符（U+001B）；多半是从别处粘贴带进来的看不见的字符，请删掉这个位置的字符后重新输入",
    "no-closing-fence.md": "no-closing-fence.md:1:1: 前置信息没有结束（找不到第二行 ---）；在 YAML 字段之后加一行 ---，正文写在它下面",
    "no-front-matter.md": "no-front-matter.md:1:1: 文件开头缺少前置信息（第一行应为 ---）；稿件以 --- 开始，写完 YAML 字段后再用一行 --- 结束",
    "draft-as-string.md": "draft-as-string.md:8:1: draft: 应为true 或 false，实际写的是 '是'",
    "misspelt-field.md": "misspelt-field.md:8:1: titel: 未知字段（心声没有这个字段）；你是不是想写 'title'？",
    "chinese-slug.md": "chinese-slug.md:3:1: slug: 格式不对：'张淞心声'",
    "zero-width-in-slug.md": "zero-width-in-slug.md:3:1: slug: 格式不对：'h-zero\u200bwidth'",
    "merge-key.md": "merge-key.md:8:1: 不支持 YAML 合并键（<<）；请把字段直接写出来",
    "huge-number.md": "huge-number.md:8:8: order: 值 '99999999999999999999…' 无法读取（数字过大，或与 !! 标记的类型不符）；"
                      "数字请写成普通大小，不要用 !! 开头的标记",
    "image-path-escape.md": "image-path-escape.md:6:1: image: 图片路径不能用 .. 跳出 docs/ 目录；请把图片放进 docs/images/，写 images/文件名.jpg",
    "image-not-an-image.md": "image-not-an-image.md:6:1: image: 文件不是图片，或者图片已损坏；请重新导出为 JPEG 或 PNG",
    "slug-collision.md": "title-with-script.md:3:1: slug: 网址 /stories/h-title-script/ 已被 stories/hostile/slug-collision.md 占用",
    # Links and images in bodies are resolved against the planned site.
    "dead-link.md": "dead-link.md:9:10: 正文: 链接指向的页面不存在：'../../people/zhang-snog/'；"
                    "你是不是想写 '../../people/zhang-song/'（即 /people/zhang-song/）？",
    "dead-md-link.md": "dead-md-link.md:9:7: 正文: 链接指向的页面不存在：'../people/zhang-snog.md'；"
                       "你是不是想写 '../../people/zhang-song/'（即 /people/zhang-song/）？",
    "draft-link.md": f"draft-link.md:9:12: 正文: 链接指向草稿（{P}draft-target.md）；读者打不开它；请先去掉这个链接，等那篇发布后再加",
    "undefined-label.md": "undefined-label.md:9:2: 正文: 引用式链接的标签 [yuanwen] 没有定义；"
                          "请在正文末尾加一行 [yuanwen]: 网址，或改成 [文字](网址)",
    "offsite-link.md": "offsite-link.md:9:7: 正文: 链接指向其他网站 evil.example；只有本站和 mkdocs.yml 的 "
                       "extra: allowed_link_hosts 里列出的网站可以链接；确需链接时，请把 evil.example 加进这个列表",
    "http-link.md": "http-link.md:9:7: 正文: 链接 'http://example.org/stories/' 用的是不加密的 http://；请改用 https://；站内页面请写相对路径",
    "backslash-host-link.md": f"backslash-host-link.md:9:7: 正文: 链接网址 '/\\evil.example/' {OTHER_HOST}",
    "scheme-relative-link.md": f"scheme-relative-link.md:9:11: 正文: 链接网址 '//evil.example/x' {OTHER_HOST}",
    "tab-host-link.md": f"tab-host-link.md:9:1: 正文: 链接网址 '/\\t/evil.example/' {OTHER_HOST}",
    "backslash-host-image.md": "backslash-host-image.md:11:11: 正文: 图片不能引用其他网站；网站不向其他网站请求任何内容；"
                               "请把图片放到 docs/images/ 下，用相对路径引用",
    "missing-body-image.md": "missing-body-image.md:11:7: 正文: 找不到图片文件 '../images/missing.jpg'；"
                             "请把图片放进 docs/images/，正文里写 ../images/文件名.jpg（大小写一致）",
    "same-host-dead-link.md": "same-host-dead-link.md:9:7: 正文: 链接指向的页面不存在：'https://example.org/stories/h-nope/'；",
    # Invisible characters in front matter, an empty body, a blank or broken one-line value.
    "multiline-title.md": "multiline-title.md:4:1: title: 不能换行（这一项只写一行）；请把它写在一行里；正文写在第二个 --- 之后",
    "bidi-title.md": f"bidi-title.md:8:11: title: 含有看不见的字符 U+202E（文字方向控制符 RIGHT-TO-LEFT OVERRIDE），"
                     f"在“张淞”和“心声”之间；{INVISIBLE}",
    "zero-width-role.md": f"zero-width-role.md:5:18: speaker_role: 含有看不见的字符 U+200B（零宽空格 ZERO WIDTH SPACE），"
                          f"在“操作部”和“职工”之间；{INVISIBLE}",
    "bidi-summary.md": f"bidi-summary.md:8:13: summary: 含有看不见的字符 U+2066（文字方向控制符 LEFT-TO-RIGHT ISOLATE），"
                       f"在“一句”和“摘要。”之间；{INVISIBLE}",
    "bom-in-title.md": f"bom-in-title.md:8:9: title: 含有看不见的字符 U+FEFF（零宽不换行空格（BOM） ZERO WIDTH NO-BREAK SPACE），"
                       f"在“张淞心声”之前；{INVISIBLE}",
    "empty-body.md": "empty-body.md:10:1: 正文: 正文是空的；正文写在第二个 --- 之后；没有正文的稿件不能发布",
    # References: the alias's own file is blamed; reserved slugs.
    "alias-takes-slug.md": "alias-takes-slug.md:5:1: aliases: 网址 /people/zhang-song/ 已被 stories/people/zhang-song.md 占用；"
                           "每篇稿件和实体的网址名（slug）必须唯一，请换一个",
    "alias-is-own-slug.md": "alias-is-own-slug.md:4:1: aliases: 旧网址名 'h-alias-self' 就是这篇现在的网址名；"
                            "aliases 里只写以前用过的网址名；请删掉它",
    "index-slug.md": "index-slug.md:3:1: slug: 网址名 'index' 是保留的：它的页面会落在 /stories/（列表页的位置），"
                     "而不是 /stories/index/；请换一个网址名",
    # Retraction needs its date and reason.
    "retracted-no-reason.md": "retracted-no-reason.md:8:1: retracted.reason: 必填字段缺失",
    "retracted-slash-date.md": "retracted-slash-date.md:8:13: retracted.date: 格式不对：'2024/05/01'；撤稿日期写成 \"2024-05-01\"（加英文引号）",
    # The command line's messages.
    "unquoted-yes-title.md": "unquoted-yes-title.md:8:1: title: 应为文字，实际写的是 True；YAML 把没加引号的 True "
                             "读成了是/否（true/false）；要写成文字，请加英文引号，例如 title: \"yes\"",
}
# Files whose problems must be exactly these (one mistake, one message; none hidden).
EXACT = {
    "fullwidth-colon-and-more.md": [
        "fullwidth-colon-and-more.md:4:8: speaker: 字段名后面用了中文冒号“：”；请把中文冒号“：”改成英文冒号加一个空格：speaker: …",
        "fullwidth-colon-and-more.md:6:1: column: 找不到栏目 'nuanxn'；你是不是想写 'nuanxin'（暖心之行）？"],
    "slash-date.md": ["slash-date.md:7:1: date: 格式不对：'2017/06/01'；日期写成 2017-06-01、2017-06 或 2017"],
    "blank-title.md": ["blank-title.md:4:1: title: 只有空白，没有内容；请填写内容，或删掉这一行"],
}
# Published, with a warning (under hostile/warned/, out of the all-errors corpus).
WARNED = {
    "invisible-in-body.md": "invisible-in-body.md:9:5: 警告: 正文: 含有看不见的字符 U+200B（零宽空格 ZERO WIDTH SPACE），"
                            "在“正文里有”和“零宽空格。”之间；读者看不见它，复制、搜索却会受影响；如不是有意为之，请删掉",
}
# Not Markdown by their name: reported, never dropped silently.
OTHER_NAMES = {
    "upper-case.MD": "upper-case.MD:1:1: 文件扩展名是 .MD，不会被读取；稿件文件必须以小写 .md 结尾：请改名为 upper-case.md",
    "old-style.markdown": "old-style.markdown:1:1: 文件扩展名是 .markdown，不会被读取；稿件文件必须以小写 .md 结尾：请改名为 old-style.md",
}
COMPANIONS = {"draft-link.md": ["draft-target.md"]}  # under hostile/with/
ACCEPTED = {"title-with-script.md", "windows-notepad-bom-crlf.md", "embargoed-future-date.md"}
# Made at test time: too big to keep in the repository.
GENERATED = {
    "five-megabytes.md": ("five-megabytes.md: 文件过大（5120 KB，上限 2048 KB）；请把过长的稿件拆成几篇",
                          lambda: b"---\nkind: voices\nslug: h-big\n---\n" + "长".encode() * (5 * 1024 * 1024 // 3)),
    "huge-front-matter.md": ("huge-front-matter.md:2:1: 前置信息过长（上限 64 KB）；正文请写在第二个 --- 之后",
                             lambda: ("---\nkind: voices\n" + "".join(f"k{i}: 一二三四五六七八九十\n" for i in range(3000))
                                      + "---\n").encode()),
    "symlink-to-passwd.md": ("symlink-to-passwd.md:1:1: 稿件文件是指向网站目录之外的链接；请把稿件本身复制进 stories/，不要用链接", None),
    "long-title.md": ("long-title.md:8:1: title: 太长了（5000 字，最多 100 字）；像是把正文贴进了这一项：这里只写一行，正文写在第二个 --- 之后",
                      lambda: (HOSTILE / "bidi-title.md").read_bytes().replace(
                          "张淞\u202e心声".encode(), ("长" * 5000).encode())),
}
DOCS_CASES = HOSTILE / "docs-cases"
SVG_HINT = "请用绘图软件导出为 PNG，或另存为“纯 SVG”后去掉脚本和外部引用"
# Files in docs/ are published too: each one alone in docs/ of a site with one good story.
DOCS = {
    "script.svg": "SVG 图片里有脚本（<script>），会在本站的网址下运行；请删掉脚本，或导出为 PNG",
    "onload.svg": "SVG 图片里有事件属性 onload=（会运行脚本）；请删掉这个属性，或导出为 PNG",
    "foreign-object.svg": "SVG 图片里有 <foreignObject>（可以嵌入网页和脚本）；请删掉它，或导出为 PNG",
    "external-image.svg": "SVG 图片引用了外部内容（href='https://evil.example/sprite.svg#a'）；"
                          "网站不向其他网站请求任何内容；SVG 里只能引用它自己里面的元素（#id）",
    "entity-bomb.svg": f"SVG 图片里有 DOCTYPE 或实体定义（<!ENTITY>），可能用来引用外部文件或制造“炸弹”；{SVG_HINT}",
    "page.html": "docs/ 里不能放网页或脚本文件（.html）：它会在本站的网址下运行；页面请写成 Markdown（.md）；脚本不能发布",
    "app.js": "docs/ 里不能放网页或脚本文件（.js）：它会在本站的网址下运行；页面请写成 Markdown（.md）；脚本不能发布",
    "remote.css": "样式表会向其他网站请求内容（@import 或外部 url(…)）；网站不向其他网站请求任何内容；字体和图片请放进 docs/ 用相对路径",
    "not-really.pdf": "文件扩展名是 .pdf，内容却不是 PDF；请重新导出 PDF",
    "page-with-script.md": "不允许 <script> 脚本；稿件里不能运行脚本；请删掉它",
    "guide.md": "页面冲突：guide.md 既由 jishi 生成（页面 /guide/（编辑指南）），又是手写的文件；请删除或改名这个文件",
}
DOCS_ACCEPTED = {"clean.svg"}


def _truncated_jpeg() -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (640, 480), (200, 40, 40)).save(out, "JPEG", quality=90)
    return out.getvalue()[: len(out.getvalue()) // 2]


def _pixel_bomb() -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("1", (12_000, 10_000)).save(out, "PNG")  # 120 million pixels in ~15 KB
    return out.getvalue()


DOCS_GENERATED = {
    "truncated.jpg": ("图片文件不完整（只有前一部分，可能没有传完或下载中断）；请重新复制或导出这张图片", _truncated_jpeg),
    "bomb.png": ("图片像素过多（12000 万像素，上限 5000 万像素）；请先把图片缩小（长边 3000 像素左右足够）", _pixel_bomb),
}


def test_the_corpus_is_complete():
    files = {p.name for p in HOSTILE.glob("*.md")}
    assert files == set(REJECTED) | set(EXACT) | ACCEPTED
    assert {p.name for p in (HOSTILE / "warned").glob("*.md")} == set(WARNED)
    assert {p.name for p in HOSTILE.iterdir() if p.is_file() and p.suffix != ".md"} == set(OTHER_NAMES)
    assert len(files) + len(GENERATED) >= 30


@pytest.fixture(scope="module")
def base(tmp_path_factory, make_site) -> Path:
    return make_site(tmp_path_factory.mktemp("hostile") / "base", {})


def site_with(base: Path, tmp: Path, files: dict[str, bytes], docs: bool = True) -> Path:
    root = tmp / "site"
    shutil.copytree(base, root)
    if docs:  # docs/images/fake.jpg: a PHP script named like a photo
        shutil.copytree(HOSTILE / "docs", root / "docs", dirs_exist_ok=True)
    (root / "stories/hostile").mkdir()
    for name, data in files.items():
        (root / "stories/hostile" / name).write_bytes(data)
    return root


def load_alone(base, tmp, name, data):
    files = {name: data}
    if name == "slug-collision.md":
        files["title-with-script.md"] = (HOSTILE / "title-with-script.md").read_bytes()
    for other in COMPANIONS.get(name, []):
        files[other] = (HOSTILE / "with" / other).read_bytes()
    root = site_with(base, tmp, files, docs=name not in WARNED)
    with no_hang(name):  # a file that makes the loader loop or blow up fails here, not the whole run
        site, problems = load_site(root, today=TODAY)  # any exception fails the test
    return site, [str(p) for p in problems]


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_hostile_file_is_rejected_naming_file_and_line(base, tmp_path, name):
    site, problems = load_alone(base, tmp_path, name, (HOSTILE / name).read_bytes())
    assert site is None
    expected = P + REJECTED[name]
    assert any(p == expected or p.startswith(expected) for p in problems), problems


@pytest.mark.parametrize("name", sorted(EXACT))
def test_hostile_file_gives_exactly_its_messages(base, tmp_path, name):
    site, problems = load_alone(base, tmp_path, name, (HOSTILE / name).read_bytes())
    assert site is None
    mine = [p for p in problems if p.startswith(P + name)]
    assert mine == sorted(P + e for e in EXACT[name]), problems


@pytest.mark.parametrize("name", sorted(WARNED))
def test_hostile_file_is_published_with_a_warning(base, tmp_path, name):
    site, problems = load_alone(base, tmp_path, name, (HOSTILE / "warned" / name).read_bytes())
    assert site is not None and problems == [P + WARNED[name]]


@pytest.mark.parametrize("name", sorted(OTHER_NAMES))
def test_other_markdown_extensions_are_reported(base, tmp_path, name):
    site, problems = load_alone(base, tmp_path, name, (HOSTILE / name).read_bytes())
    assert site is None and problems[0] == P + OTHER_NAMES[name], problems


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_hostile_file_is_rejected(base, tmp_path, name):
    expected, make = GENERATED[name]
    if make is None:  # a story that is a symlink to a file outside the site
        root = site_with(base, tmp_path, {})
        target = tmp_path / "outside.bin"
        target.write_bytes(b"\x00root:x:0:0")
        (root / "stories/hostile" / name).symlink_to(target)
        with no_hang(name):
            site, problems = load_site(root, today=TODAY)
        problems = [str(p) for p in problems]
    else:
        site, problems = load_alone(base, tmp_path, name, make())
    assert site is None
    assert any(p.startswith(P + expected) for p in problems), problems


def test_accepted_hostile_files_render_safely(base, tmp_path, mkdocs_build):
    root = site_with(base, tmp_path, {n: (HOSTILE / n).read_bytes() for n in ACCEPTED}, docs=False)
    site, problems = load_site(root, today=TODAY)
    assert [str(p) for p in problems] == []
    slugs = {s.slug for s in site.stories}
    assert {"h-title-script", "h-notepad"} <= slugs and "h-embargo" not in slugs
    notepad = next(s for s in site.stories if s.slug == "h-notepad")
    assert notepad.body == "记事本保存的稿件。\n" and notepad.data["speaker_role"] == "操作部职工"
    out = tmp_path / "out"
    result = mkdocs_build(root, out)
    assert result.returncode == 0, result.stderr
    page = (out / "stories/h-title-script/index.html").read_text(encoding="utf-8")
    assert "<h1>&lt;script&gt;alert(&#39;标题&#39;)&lt;/script&gt;心声</h1>" in page
    assert '<span class="jishi-byline__role">&lt;b&gt;操作部&lt;/b&gt;职工</span>' in page
    assert re.search(r'<p id="p-[0-9a-f]{6}"><b>加粗</b>和 <code>&lt;script&gt;</code> 代码都可以。</p>', page)
    everything = b"".join(p.read_bytes() for p in out.rglob("*.html"))
    assert b"<script>alert" not in everything and b"<img src=x" not in everything
    assert b"h-embargo" not in everything


def test_whole_corpus_in_one_jishi_check_without_traceback(base, tmp_path, jishi_cli):
    files = {p.name: p.read_bytes() for p in HOSTILE.glob("*.md")}
    files.update({n: make() for n, (_, make) in GENERATED.items() if make})
    files.update({n: (HOSTILE / n).read_bytes() for n in OTHER_NAMES})
    files.update({n: (HOSTILE / "with" / n).read_bytes() for n in sum(COMPANIONS.values(), [])})
    root = site_with(base, tmp_path, files)
    result = jishi_cli("check", "--root", str(root))  # (a hang ends at jishi_cli's timeout)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr and result.stderr == ""
    lines = result.stdout.splitlines()
    expectations = {**REJECTED, **OTHER_NAMES, **{n: e for n, es in EXACT.items() for e in es}}
    for name, expected in expectations.items():
        assert any(line.startswith(P + expected) for line in lines), name
    for expected, _ in GENERATED.values():
        if _:
            assert any(line.startswith(P + expected) for line in lines), expected
    # (The corpus's untitled testimonials of one speaker also warn: one title, 张淞：心声, many times.)
    assert re.fullmatch(r"共 \d+ 个错误(，\d+ 个警告)?。", lines[-1]), lines[-1]


def docs_site(base: Path, tmp: Path, name: str, data: bytes) -> Path:
    root = site_with(base, tmp, {"title-with-script.md": (HOSTILE / "title-with-script.md").read_bytes()}, docs=False)
    (root / "docs" / name).write_bytes(data)
    if name == "guide.md":  # the guide is generated in a published build only with `guide: true`
        settings = root / "jishi.yml"
        settings.write_text((settings.read_text(encoding="utf-8") if settings.is_file() else "") + "guide: true\n",
                            encoding="utf-8")
    return root


@pytest.mark.parametrize("name", sorted(DOCS) + sorted(DOCS_GENERATED))
def test_hostile_file_in_docs_is_refused(base, tmp_path, name):
    if name in DOCS:
        expected, data = DOCS[name], (DOCS_CASES / name).read_bytes()
    else:
        expected, make = DOCS_GENERATED[name]
        data = make()
    site, problems = load_site(docs_site(base, tmp_path, name, data), today=TODAY)
    assert site is None and [str(p) for p in problems] == [f"docs/{name}: {expected}"]


def test_damaged_images_and_bombs_stop_the_build_with_the_same_message(base, tmp_path, jishi_cli, mkdocs_build):
    """jishi check and the build say the same, in Chinese, without a traceback."""
    root = docs_site(base, tmp_path, "truncated.jpg", _truncated_jpeg())
    (root / "docs/bomb.png").write_bytes(_pixel_bomb())
    check = jishi_cli("check", "--root", str(root))
    built = mkdocs_build(root, tmp_path / "out")
    for name, (expected, _) in DOCS_GENERATED.items():
        assert f"docs/{name}: {expected}" in check.stdout.splitlines()
        assert f"docs/{name}: {expected}" in built.stderr.splitlines()
    assert check.returncode == 1 and built.returncode == 1
    assert "Traceback" not in check.stdout + check.stderr + built.stderr


def test_an_allowed_svg_is_published_re_serialised(base, tmp_path, mkdocs_build):
    root = docs_site(base, tmp_path, "clean.svg", (DOCS_CASES / "clean.svg").read_bytes())
    site, problems = load_site(root, today=TODAY)
    assert site is not None and [str(p) for p in problems] == []
    result = mkdocs_build(root, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    published = (tmp_path / "out/clean.svg").read_text(encoding="utf-8")
    assert "编辑的备注" not in published and 'fill="url(#g)"' in published


def test_a_linked_directory_of_stories_is_reported(base, tmp_path):
    root = site_with(base, tmp_path, {}, docs=False)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "a.md").write_bytes((HOSTILE / "title-with-script.md").read_bytes())
    (root / "stories/hostile/linked").symlink_to(outside, target_is_directory=True)
    site, problems = load_site(root, today=TODAY)
    assert site is None and [str(p) for p in problems] == [
        f"{P}linked: 这个目录是指向别处的链接，里面的稿件不会被读取；请把稿件本身复制进 stories/，不要用链接"]


def test_an_entity_no_story_refers_to_is_left_out_with_a_note(base, tmp_path, jishi_cli):
    person = b"---\nkind: person\nslug: h-nobody\nname: \xe6\x97\xa0\xe5\x90\x8d\n---\n"  # 无名
    root = site_with(base, tmp_path, {"nobody.md": person,
                                      "title-with-script.md": (HOSTILE / "title-with-script.md").read_bytes()},
                     docs=False)
    site, problems = load_site(root, today=TODAY)
    assert site is not None and problems == [] and "h-nobody" not in site.people
    result = jishi_cli("check", "--root", str(root))
    assert result.returncode == 0
    assert (f"{P}nobody.md:3:1: 提示: 没有任何稿件提到这个人物，它的页面不会发布；"
            "写到它的稿件发布时，页面会自动出现；如果它不再需要，可以删掉这个文件") in result.stdout.splitlines()
