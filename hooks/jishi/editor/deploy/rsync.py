"""An SSH target: `deploy: {to: "user@host:/srv/www", port: 22, identity: ~/.ssh/id_ed25519}`.

Debian's rsync over ssh, comparing by content (`--checksum`), never by time.
One dry run with `--delete --itemize-changes` tells what differs on the
server; then one rsync per group of files (`--files-from`), in the deploy's
order; then one run that only deletes (`--existing --ignore-existing
--delete`). ssh is `$RSYNC_RSH` (rsync's own variable) or `ssh`, with the
port and key of jishi.yml and BatchMode (no password prompt to hang on).
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from jishi.editor.deploy.errors import DeployError

__all__ = ["RsyncTarget"]

_BASE = ["rsync", "--recursive", "--links", "--checksum", "--mkpath", "--8-bit-output", "--chmod=D755,F644",
         "--out-format=%i %n"]


class RsyncTarget:
    """Deploys to a directory on a server, through rsync over SSH."""

    def __init__(self, dest: str, port: int | None = None, identity: str | None = None):
        self.dest = dest.rstrip("/") + "/"
        ssh = shlex.split(os.environ.get("RSYNC_RSH") or "ssh")
        if port:
            ssh += ["-p", str(port)]
        if identity:
            ssh += ["-i", os.path.expanduser(identity)]
        self.ssh = shlex.join(ssh + ["-o", "BatchMode=yes"])

    def describe(self) -> str:
        return f"服务器 {self.dest}"

    def _run(self, site_dir: Path, extra: list[str], files: list[str] | None = None) -> list[str]:
        command = [*_BASE, "-e", self.ssh, *extra, f"{site_dir}/", self.dest]
        if files is not None:
            command[1:1] = ["--files-from=-", "--from0"]
        try:
            done = subprocess.run(command, input="\0".join(files or []), capture_output=True, text=True,
                                  encoding="utf-8", errors="replace", timeout=3600)
        except FileNotFoundError:
            raise DeployError("找不到 rsync 命令；请先安装：sudo apt install rsync openssh-client") from None
        if done.returncode != 0:
            detail = (done.stderr.strip().splitlines() or [f"退出码 {done.returncode}"])[-1]
            raise DeployError(f"rsync 失败（退出码 {done.returncode}）：{detail}")
        return done.stdout.splitlines()

    def compare(self, site_dir: Path, local: dict[str, str]) -> tuple[set, set, set]:
        new, changed, gone = set(), set(), set()
        for line in self._run(site_dir, ["--dry-run", "--delete"]):
            flags, _, name = line.partition(" ")
            if flags == "*deleting":
                if not name.strip().endswith("/"):
                    gone.add(name.strip())
            elif flags[1:2] == "f":
                (new if "+++++++++" in flags else changed).add(name)
        return new, changed, gone

    def put(self, site_dir: Path, rels: list[str], on_write) -> None:
        for line in self._run(site_dir, [], rels):
            flags, _, name = line.partition(" ")
            if flags[1:2] == "f" and flags[0] in "<>":
                on_write("upload" if "+++++++++" in flags else "replace", name)

    def delete(self, site_dir: Path, rels: list[str], on_write) -> None:
        for line in self._run(site_dir, ["--delete", "--existing", "--ignore-existing"]):
            flags, _, name = line.partition(" ")
            if flags == "*deleting" and not name.strip().endswith("/"):
                on_write("delete", name.strip())
