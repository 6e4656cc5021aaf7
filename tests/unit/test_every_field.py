"""Every field of every kind, broken every way an editor breaks it: `jishi check` answers in its own format.

The fields come from the schema itself: the built-in kinds and a site's own
schema/ folder (support.SITE_SCHEMA: an added kind, added fields of every
shape). Each (kind, field) gets its own file, a valid file of that kind with
only that field broken, so one run of the check covers every field; each
perturbation (wrong type, unknown reference, empty, null, huge, nested,
removed) is one parametrized test, its values drawn by hypothesis. The check
runs in this process (jishi.cli.main), and must print nothing but problem
lines, each naming the broken file and its broken field, never a traceback.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st

from support import (KNOWN_REFS, PERTURBATIONS, PROBLEM_LINE, REMOVED, blames, every_field, every_field_site,
                     perturbation, property_test, valid_front_matter, write_story)
from jishi.cli import main
from jishi.content.site_schema import load_site_schema


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = every_field_site(tmp_path_factory.mktemp("every-field"))
    schema, problems = load_site_schema(root)
    assert problems == []
    return root, schema


def write_all(root, schema, value_of) -> dict:
    """One file per (kind, field), that field set to value_of(kind, name, prop, n); {path: (kind, field, data)}."""
    files = {}
    for n, (kind, name) in enumerate(every_field(schema)):
        value = value_of(kind, name, schema.kinds[kind].properties[name], n)
        rel, data = write_story(root, schema, kind, n, {name: value})
        files[rel] = (kind, name, data)
    return files


def check(root, capsys) -> tuple[int, list[str]]:
    status = main(["check", "--root", str(root)])
    out, err = capsys.readouterr()
    assert err == "", err
    lines = [line for line in out.splitlines() if not line.startswith(("共 ", "检查通过："))]
    return status, lines


def refers_to_nothing(kind: str, name: str, prop: dict, value) -> bool:
    """A reference field given a slug no file has (our unknown ones are all nobody-…)."""
    target = prop.get("x-ref") or (prop.get("items") or {}).get("x-ref")
    values = value if isinstance(value, list) else [value]
    return bool(target) and any(isinstance(v, str) and v.startswith("nobody-") for v in values)


def test_the_valid_files_pass(site, capsys):
    root, schema = site
    files = write_all(root, schema, lambda kind, name, prop, n: valid_front_matter(schema, kind, n).get(name, REMOVED))
    assert len({kind for kind, _, _ in files.values()}) == len(schema.kinds)
    status, lines = check(root, capsys)
    # Entities no story refers to are told, and fail nothing.
    assert [line for line in lines if "提示: 没有任何稿件提到这个" not in line] == []
    assert status == 0


@pytest.mark.parametrize("how", PERTURBATIONS)
@property_test(2, data=st.data(), settings=dict(derandomize=True, database=None, phases=[Phase.explicit, Phase.generate],
                                                suppress_health_check=list(HealthCheck)))
def test_every_field_broken_names_its_file_and_field_only(site, capsys, how, data):
    root, schema = site
    files = write_all(root, schema, lambda kind, name, prop, n: data.draw(perturbation(how, prop, n),
                                                                            label=f"{kind}.{name}"))
    status, lines = check(root, capsys)
    errors: dict[str, list[str]] = {}
    for line in lines:
        match = PROBLEM_LINE.match(line)
        assert match, f"not a problem line: {line[:300]}"
        assert match["path"] in files, f"a file that was not broken is blamed: {line[:300]}"
        kind, name, _ = files[match["path"]]
        if match["severity"] == "提示":
            assert "没有任何稿件提到这个" in line, line[:300]
            continue
        assert blames(match["field"] or "", name), f"{kind}.{name} broken, but: {line[:300]}"
        if match["severity"] is None:
            errors.setdefault(match["path"], []).append(line)
    assert status == (1 if errors else 0)
    for path, (kind, name, front) in files.items():
        ks = schema.kinds[kind]
        value = front.get(name, REMOVED)
        if not ks.validator.is_valid(front) or refers_to_nothing(kind, name, ks.properties[name], value):
            assert path in errors, f"{kind}.{name} = {str(value)[:80]!r} is wrong, yet nothing says so"
