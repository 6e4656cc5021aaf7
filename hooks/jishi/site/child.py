"""Starting a child Python that runs a module of this jishi (``python -m jishi.…``).

Two kinds of work run beside the MkDocs process, on the other core: half of
a first build's QR codes (jishi.site.qr) and the index workers
(jishi.search.worker). Both start the same way, here: this interpreter,
``PYTHONPATH`` naming the folder that holds this jishi package first (so the
child imports the same code, whether jishi is installed, editable, or run
from a checkout by a benchmark), an optional lower CPU priority and the
child's error output kept in a file the parent can read the end of.

It lives in ``site``, not ``content``: ``content`` is what editors write,
read and checked, and holds no process code; ``site`` is the lowest wing
that starts a child, and ``search`` may import it (the import rules,
tests/unit/test_layers.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

__all__ = ["PACKAGE_ROOT", "child_env", "start_python", "tail"]

PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the folder holding the jishi package


def child_env() -> dict[str, str]:
    """This process's environment with ``PYTHONPATH`` leading to this jishi."""
    paths = (str(PACKAGE_ROOT), os.environ.get("PYTHONPATH"))
    return dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in paths if p))


def start_python(module: str, args: list[str], *, niceness: int = 0, stdout=subprocess.DEVNULL,
                 stderr=subprocess.DEVNULL) -> subprocess.Popen:
    """``python -m module args…`` with its input a pipe; OSError if it cannot start.

    ``niceness``: the child runs at that lower CPU priority from its first
    instruction (set by the interpreter's first statement, before ``module``
    is imported, so whatever it starts inherits it); ``stderr``: a file (e.g.
    ``tempfile.TemporaryFile()``, read back with ``tail``) or DEVNULL.
    """
    command = [sys.executable, "-m", module, *args]
    if niceness:
        command = [sys.executable, "-c", _NICE_THEN_RUN, str(niceness), module, *args]
    return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=stdout, stderr=stderr, env=child_env())


def tail(stderr, lines: int = 5) -> list[str]:
    """The last ``lines`` lines a child wrote to ``stderr`` (a file opened in binary mode)."""
    stderr.seek(0)
    return stderr.read().decode("utf-8", "replace").strip().splitlines()[-lines:]


# ``python -c`` then ``-m`` by hand: lower the priority, then run the module as ``-m`` would.
_NICE_THEN_RUN = ("import os, runpy, sys; os.nice(int(sys.argv.pop(1))); "
                  "runpy.run_module(sys.argv.pop(1), run_name='__main__', alter_sys=True)")
