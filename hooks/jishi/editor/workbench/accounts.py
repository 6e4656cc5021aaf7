"""Editors' accounts for `jishi serve --host`, kept outside the repository.

One line per editor, ``name:scrypt$n$r$p$salt$hash`` (hex), in
``~/.config/jishi/accounts`` ($XDG_CONFIG_HOME respected) or a file given.
Passwords are hashed with hashlib.scrypt (RFC 7914) and a random salt, and
compared in constant time. `jishi account add NAME` writes them.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

__all__ = ["default_accounts_file", "hash_password", "verify", "add_account", "read_accounts", "NAME"]

NAME = re.compile(r"^[^\s:]{1,40}$")
_N, _R, _P = 2 ** 14, 8, 1


def default_accounts_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "jishi" / "accounts"


def hash_password(password: str, salt: bytes | None = None, n: int = _N, r: int = _R, p: int = _P) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"


def verify(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        again = hash_password(password, bytes.fromhex(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(again, stored)


def read_accounts(path: Path) -> dict[str, str]:
    """name -> stored hash; an absent file is no accounts."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return {}
    found = {}
    for line in lines:
        name, sep, stored = line.strip().partition(":")
        if sep and name:
            found[name] = stored
    return found


def add_account(path: Path, name: str, password: str) -> None:
    """Add or replace one editor's password; the file readable by its owner only."""
    accounts = read_accounts(path)
    accounts[name] = hash_password(password)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("".join(f"{n}:{h}\n" for n, h in accounts.items()))
    os.replace(tmp, path)
