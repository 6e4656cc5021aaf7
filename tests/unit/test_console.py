"""MkDocs' console lines in Chinese: translate_mkdocs_message, and the filter `mkdocs serve` gets."""

from __future__ import annotations

import io
import logging

import pytest

from jishi.editor.publish import translate_mkdocs_line, translate_mkdocs_message
from jishi.mkdocs_adapter.console import MKDOCS_HANDLER, ChineseConsole, speak_chinese


@pytest.fixture
def console():
    """MkDocs' console handler as mkdocs.__main__ sets it up, writing into a string."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.name = MKDOCS_HANDLER
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    logger = logging.getLogger("mkdocs")
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    stream.handler = handler
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(old_level)
    logger.propagate = old_propagate


def test_serve_lines_reach_the_editor_in_chinese(console):
    speak_chinese()
    speak_chinese()  # once is enough: a second call adds no second filter
    # (this test's handler: builds run earlier in the same process may have left handlers of their own)
    assert sum(isinstance(f, ChineseConsole) for f in console.handler.filters) == 1
    logging.getLogger("mkdocs.commands.serve").info("Building documentation...")
    logging.getLogger("mkdocs.commands.build").info("Cleaning site directory")
    logging.getLogger("mkdocs.structure.pages").info(
        "Doc file 'stories/a.md' contains an absolute link '/teams/x/', it was left as is. Did you mean '../teams/x.md'?")
    logging.getLogger("mkdocs.plugins.jishi").info("jishi: 搜索索引：3 个页面，用时 0.4 秒")
    logging.getLogger("mkdocs.livereload").info("[08:12:34] Serving on http://127.0.0.1:8000/")
    logging.getLogger("mkdocs.livereload").info("[08:12:40] Detected file changes")
    logging.getLogger("mkdocs.livereload").info("[08:12:41] Reloading browsers")
    logging.getLogger("mkdocs.livereload").info("[08:12:41] Browser connected: http://127.0.0.1:8000/")
    assert console.getvalue().splitlines() == [
        "提示      -  正在生成预览……",
        "提示      -  搜索索引：3 个页面，用时 0.4 秒",
        "提示      -  [08:12:34] 预览地址：http://127.0.0.1:8000/（保存稿件后，打开的页面会自动刷新；按 Ctrl+C 停止预览）",
        "提示      -  [08:12:40] 发现文件有改动，正在重新生成……",
        "提示      -  [08:12:41] 已重新生成，浏览器里的页面会自动刷新。",
    ]


def test_one_translation_for_lines_and_records():
    assert translate_mkdocs_line("INFO    -  [08:12:34] Serving on http://127.0.0.1:8000/") == \
        translate_mkdocs_message("INFO", "[08:12:34] Serving on http://127.0.0.1:8000/")
    assert translate_mkdocs_line("Usage: python -m mkdocs build [OPTIONS]") is None
    assert translate_mkdocs_line("Try 'python -m mkdocs build --help' for help.") is None
    assert translate_mkdocs_line("Error: Invalid value for '-f' / '--config-file': '/s/mkdocs.yml': "
                                 "No such file or directory") == (
        "MkDocs 配置错误：找不到网站的配置文件 /s/mkdocs.yml；请在网站根目录（有 mkdocs.yml 的目录）运行，或用 --root 指定网站目录")
    assert translate_mkdocs_line("ERROR   -  稿件检查未通过：") == "稿件检查未通过："
    # A line translated once (a preview's console read by another program) stays as it is.
    assert translate_mkdocs_message("INFO", "[08:12:34] 预览地址：http://127.0.0.1:8000/") == \
        "[08:12:34] 预览地址：http://127.0.0.1:8000/"


def test_a_nav_entry_with_no_page_is_said_in_chinese():
    said = translate_mkdocs_line("WARNING -  A reference to 'kinds/event.md' is included in the 'nav' configuration, "
                                 "which is not found in the documentation files.")
    assert said == "MkDocs 警告：mkdocs.yml 的 nav（导航）里写了 kinds/event.md，但网站没有这个页面；请删掉这一行，或改成已有的页面"
