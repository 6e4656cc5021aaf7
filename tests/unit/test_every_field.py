"""Every field of every kind, broken every way an editor breaks it: `jishi check` answers in its own format.

The fields come from the schema itself: the built-in kinds and a site's own
schema/ folder (support.SITE_SCHEMA: an added kind, added fields of every
shape). Each (kind, field) gets its own file, a valid file of that kind with
only that field broken, so one run of the check covers every field; the
perturbations (wrong type, unknown reference, empty, null, huge, nested,
removed) turn from field to field, so each run has all of them, their values
drawn by hypothesis (tests/build/test_every_field_build.py: a run per way). The check
runs in this process (jishi.cli.main), and must print nothing but problem
lines, each naming the broken file and its broken field, never a traceback.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st

from support import (PERTURBATIONS, REMOVED, assert_each_broken_file_named, check_every_field, every_field_site,
                     perturbation, property_test, valid_front_matter, write_all)
from jishi.content.site_schema import load_site_schema


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = every_field_site(tmp_path_factory.mktemp("every-field"))
    schema, problems = load_site_schema(root)
    assert problems == []
    return root, schema


def test_the_valid_files_pass(site, capsys):
    root, schema = site
    files = write_all(root, schema, lambda kind, name, prop, n: valid_front_matter(schema, kind, n).get(name, REMOVED))
    assert len({kind for kind, _, _ in files.values()}) == len(schema.kinds)
    status, lines = check_every_field(root, capsys)
    # Entities no story refers to are told, and fail nothing.
    assert [line for line in lines if "提示: 没有任何稿件提到这个" not in line] == []
    assert status == 0


@property_test(20, data=st.data(), settings=dict(derandomize=True, database=None,
                                                 phases=[Phase.explicit, Phase.generate],
                                                 suppress_health_check=list(HealthCheck)))
def test_every_field_broken_some_way_names_its_file_and_field_only(site, capsys, data):
    # One check, every field broken, the ways turning from field to field (every way in every run);
    # tests/build/test_every_field_build.py breaks every field every way, a check per way.
    root, schema = site
    shift = data.draw(st.integers(0, len(PERTURBATIONS) - 1), label="shift")
    files = write_all(root, schema, lambda kind, name, prop, n: data.draw(
        perturbation(PERTURBATIONS[(n + shift) % len(PERTURBATIONS)], prop, n), label=f"{kind}.{name}"))
    assert_each_broken_file_named(root, schema, capsys, files)
