"""argparse in Chinese: the `jishi` command's help headings and its usage errors.

argparse writes "usage:", "options:" and "error: unrecognized arguments" in
English; editors read Chinese. Errors are one line, `错误：…`, with the
nearest choice suggested, and exit status 2 as argparse's own.
"""

from __future__ import annotations

import argparse
import re
import sys

from jishi.content.schema import closest

__all__ = ["ChineseArgumentParser"]

_HEADINGS = [("usage: ", "用法："), ("positional arguments:", "参数："), ("options:", "选项："),
             ("show this help message and exit", "显示这段说明后退出")]
_CHOICE = re.compile(r"argument (?P<name>[^:]+): invalid choice: '(?P<value>[^']*)' \(choose from (?P<choices>.*)\)")


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help headings and error messages are Chinese."""

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
            return f"缺少参数：{message.split(': ', 1)[1]}；运行 {self.prog} --help 查看用法"
        expected = re.fullmatch(r"argument (\S+): expected one argument", message)
        if expected:
            return f"{expected.group(1)} 后面要写一个值"
        return message


def _translate(text: str) -> str:
    for english, chinese in _HEADINGS:
        text = text.replace(english, chinese)
    return text
