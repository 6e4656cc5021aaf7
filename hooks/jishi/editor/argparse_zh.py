"""argparse in Chinese: the `jishi` command's help headings and its usage errors.

argparse writes "usage:", "options:" and "error: unrecognized arguments" in
English; editors read Chinese. Headings end in a full-width colon (命令：),
a value's placeholder is Chinese (--root 目录, not --root ROOT: named by
the option, else 值), and errors are one line, `错误：…`, with the nearest
choice suggested, and exit status 2 as argparse's own; an error argparse
may write that is not translated here says so in Chinese, not in English.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata

from jishi.content.schema import closest

__all__ = ["ChineseArgumentParser"]

_HEADINGS = [("usage: ", "用法："), ("positional arguments:", "参数："), ("options:", "选项："),
             ("show this help message and exit", "显示这段说明后退出")]
_HEADING = re.compile(r"^(\S[^\n]*?):$", re.M)  # "命令:" (a subcommands' group title) → "命令："
# A value's placeholder by the option's dest; any other option's value is 值.
METAVARS = {"root": "目录", "site_dir": "目录", "dir": "目录", "into": "目录", "urls": "文件", "frontmatter": "文件",
            "action": "操作", "sources": "原文", "format": "格式"}
_ARGUMENT = re.compile(r"argument (?P<name>[^:]+): (?P<inner>.*)", re.S)
_INNER = [(re.compile(r"expected one argument"), "{name} 后面要写一个值"),
          (re.compile(r"expected at least one argument"), "{name} 后面至少要写一个值"),
          (re.compile(r"expected at most one argument"), "{name} 后面最多写一个值"),
          (re.compile(r"expected \d+ arguments?"), "{name} 后面的值的个数不对"),
          (re.compile(r"ignored explicit argument (?P<value>.*)"), "{name} 后面不能写值（写了 {value}）"),
          (re.compile(r"invalid \S+ value: (?P<value>.*)"), "{name} 的取值 {value} 无效"),
          (re.compile(r"not allowed with argument (?P<other>.*)"), "{name} 不能和 {other} 一起用")]
_CHOICE = re.compile(r"argument (?P<name>[^:]+): invalid choice: '(?P<value>[^']*)' \(choose from (?P<choices>.*)\)")


class _ChineseHelpFormatter(argparse.HelpFormatter):
    """Help whose descriptions line up after Chinese placeholders (two columns wide each, not one)."""

    def add_argument(self, action) -> None:
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:  # the column of descriptions: as wide as shown
            invocation = self._format_action_invocation(action)
            shown = len(invocation) + _wide(invocation) + self._current_indent
            self._action_max_length = max(self._action_max_length, shown)

    def _format_action(self, action) -> str:
        text = super()._format_action(action)
        head = " " * self._current_indent + self._format_action_invocation(action)
        wide = _wide(head)
        first, newline, rest = text.partition("\n")
        if wide and first.startswith(head + " " * (wide + 2)):
            first = head + first[len(head) + wide:]
        return first + newline + rest


def _wide(text: str) -> int:
    """How many characters of text a terminal shows two columns wide."""
    return sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help headings and error messages are Chinese."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _ChineseHelpFormatter)
        super().__init__(*args, **kwargs)

    def add_argument(self, *args, **kwargs):
        """argparse's add_argument, with a Chinese placeholder for an option's value."""
        action = super().add_argument(*args, **kwargs)
        takes_value = action.nargs != 0 and action.option_strings and not action.choices
        if action.metavar is None and (takes_value or action.dest in METAVARS and not action.option_strings):
            action.metavar = METAVARS.get(action.dest, "值")
        return action

    def format_help(self) -> str:
        return _translate(super().format_help())

    def format_usage(self) -> str:
        return _translate(super().format_usage())

    def error(self, message: str):
        print(f"错误：{self._chinese(message)}", file=sys.stderr)
        sys.exit(2)

    def _chinese(self, message: str) -> str:
        choice = _CHOICE.fullmatch(message)
        if choice:
            choices = [c.strip().strip("'") for c in choice["choices"].split(",")]
            guess = closest(choice["value"], choices)
            hint = f"你是不是想写 '{guess}'？" if guess else "可选：" + "、".join(choices)
            if choice["name"].startswith("-"):
                return f"{choice['name']} 的取值 '{choice['value']}' 无效；{hint}"
            return f"未知的{choice['name']} '{choice['value']}'；{hint}"
        if message.startswith("unrecognized arguments: "):
            words = message.split(": ", 1)[1].split()
            return f"不认识的参数：{' '.join(words)}；运行 {self.prog} --help 查看用法"
        if message.startswith("the following arguments are required: "):
            names = message.split(": ", 1)[1].replace(", ", "、")
            return f"缺少参数：{names}；运行 {self.prog} --help 查看用法"
        ambiguous = re.fullmatch(r"ambiguous option: (\S+) could match (.*)", message)
        if ambiguous:
            return f"选项 {ambiguous.group(1)} 没写全，可能是：{ambiguous.group(2).replace(', ', '、')}"
        one_of = re.fullmatch(r"one of the arguments (.*) is required", message)
        if one_of:
            return f"必须写 {one_of.group(1)} 中的一个"
        argument = _ARGUMENT.fullmatch(message)
        for pattern, chinese in _INNER if argument else ():
            inner = pattern.fullmatch(argument["inner"])
            if inner:
                return chinese.format(name=argument["name"], **inner.groupdict())
        return f"命令行写得不对；运行 {self.prog} --help 查看用法"


def _translate(text: str) -> str:
    for english, chinese in _HEADINGS:
        text = text.replace(english, chinese)
    return _HEADING.sub(r"\1：", text)
