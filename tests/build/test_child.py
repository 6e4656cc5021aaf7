"""The one way jishi starts a child Python (jishi.site.child): same jishi, arguments, priority, error output."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile

import pytest

from jishi.site.child import PACKAGE_ROOT, start_python, tail

PROBE = """import json, os, sys
import jishi
sys.stderr.write("first\\nlast words\\n")
print(json.dumps({"args": sys.argv[1:], "nice": os.nice(0), "jishi": jishi.__file__,
                  "input": sys.stdin.read()}))
"""


@pytest.mark.parametrize("niceness", [0, 3])
def test_the_child_runs_the_module_with_its_arguments_this_jishi_and_the_priority_asked(tmp_path, monkeypatch,
                                                                                         niceness):
    (tmp_path / "probe_child.py").write_text(PROBE, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))  # kept after this jishi's folder
    with tempfile.TemporaryFile() as stderr:
        child = start_python("probe_child", ["a b", "-c", "3"], niceness=niceness, stdout=subprocess.PIPE,
                             stderr=stderr)
        out, _ = child.communicate(b"fed")
        assert child.returncode == 0, tail(stderr)
        assert tail(stderr, 1) == ["last words"]
    reply = json.loads(out)
    assert reply["args"] == ["a b", "-c", "3"]
    assert reply["input"] == "fed"
    assert reply["nice"] == os.nice(0) + niceness
    assert reply["jishi"] == str(PACKAGE_ROOT / "jishi" / "__init__.py")
