"""The suite's own layout: pytest imports test files by their base name (no packages), so two
test files of one name in different layers stop the whole run at collection."""

from collections import Counter

from support import ROOT


def test_no_two_test_files_share_a_name():
    names = Counter(path.name for path in (ROOT / "tests").rglob("test_*.py"))
    assert [name for name, count in names.items() if count > 1] == []
