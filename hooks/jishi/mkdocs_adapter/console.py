"""What `mkdocs serve` prints, in Chinese: a filter on MkDocs' console handler.

MkDocs logs in English ("Serving on …", "Building documentation...", its
warnings) to one handler on the "mkdocs" logger, and jishi's preview
problems go to their own ("jishi.preview"). Under serve the hook puts
`ChineseConsole` on both: each record's text goes through
`jishi.editor.publish.translate_mkdocs_message`, the one translation `jishi
build` uses for MkDocs' output too, and its level is named in Chinese
(提示, 警告, 错误); a record that only narrates is left out. Material's end-of-life
banner is printed when Material is imported, before any hook runs: only a
command that starts MkDocs itself can silence it (`publish.QUIET_ENV`).
"""

from __future__ import annotations

import logging

from jishi.editor.publish import LEVEL_NAMES, translate_mkdocs_message

__all__ = ["ChineseConsole", "speak_chinese"]

MKDOCS_HANDLER = "MkDocsStreamHandler"  # the name mkdocs.__main__ gives its console handler


class ChineseConsole(logging.Filter):
    """A handler filter: each record's text and level name as an editor should read them, or dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "jishi_translated", False):  # a record goes through more than one handler
            return True
        text = translate_mkdocs_message(record.levelname, record.getMessage())
        if text is None:
            return False
        record.msg, record.args = text, ()
        record.levelname = LEVEL_NAMES.get(record.levelname, record.levelname)
        record.jishi_translated = True
        return True


def speak_chinese(*loggers: logging.Logger) -> None:
    """Put ChineseConsole on MkDocs' console handler and on the handlers of loggers (once each)."""
    handlers = [h for h in logging.getLogger("mkdocs").handlers if h.name == MKDOCS_HANDLER]
    handlers += [h for logger in loggers for h in logger.handlers]
    for handler in handlers:
        if not any(isinstance(f, ChineseConsole) for f in handler.filters):
            handler.addFilter(ChineseConsole())
