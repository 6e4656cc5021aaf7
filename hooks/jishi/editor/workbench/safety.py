"""What the workbench may write, and which requests it believes.

Only stories/, schema/, docs/ and jishi.yml are writable. A path an editor's
request names is decoded once more (a percent-encoded ``..`` is still ``..``),
must be relative, and must resolve (symlinks followed) inside one of them.
State-changing requests carry a CSRF token (an HMAC of the signed-in user
under a per-process secret) and an Origin or Referer naming this very host.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

__all__ = ["WRITABLE", "Refused", "writable_path", "readable_story", "Guard"]

WRITABLE = ("stories", "schema", "docs", "jishi.yml")


class Refused(Exception):
    """A request the workbench will not carry out; the message is for the editor."""


def writable_path(root: Path, rel: str, under: tuple[str, ...] = WRITABLE) -> Path:
    """root/rel resolved, if it stays inside one of the writable places; else Refused."""
    text = str(rel or "")
    for _ in range(3):  # %252e%252e → %2e%2e → ..
        text = unquote(text)
    if not text or "\x00" in text or "\\" in text:
        raise Refused("路径不对")
    pure = PurePosixPath(text)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise Refused(f"不允许的路径：{text}")
    base = Path(root).resolve()
    target = (base / pure).resolve()
    for place in under:
        allowed = (base / place).resolve()
        if target == allowed or allowed in target.parents:
            if place == "jishi.yml" and target != allowed:
                break
            return target
    raise Refused(f"不允许写入这个位置：{text}")


def readable_story(root: Path, rel: str) -> Path:
    """A story file the forms may open: a .md file under stories/."""
    path = writable_path(root, rel, ("stories",))
    if path.suffix != ".md":
        raise Refused(f"不是稿件文件：{rel}")
    return path


class Guard:
    """CSRF tokens and the same-origin rule, under one secret per process."""

    def __init__(self, secret: bytes | None = None):
        self.secret = secret or secrets.token_bytes(32)

    def token(self, user: str) -> str:
        return hmac.new(self.secret, b"csrf:" + user.encode(), hashlib.sha256).hexdigest()

    def token_ok(self, user: str, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(self.token(user), str(token))

    def sign(self, value: str) -> str:
        mac = hmac.new(self.secret, b"session:" + value.encode(), hashlib.sha256).hexdigest()
        return f"{value}|{mac}"

    def unsign(self, signed: str | None) -> str | None:
        if not signed or "|" not in signed:
            return None
        value, mac = signed.rsplit("|", 1)
        return value if hmac.compare_digest(self.sign(value), signed) else None


def same_origin(host: str, origin: str | None, referer: str | None) -> bool:
    """True when the request's Origin (else Referer) names host; neither present is refused."""
    claimed = origin if origin and origin != "null" else referer
    if not claimed:
        return False
    return urlsplit(claimed).netloc.lower() == (host or "").lower()
