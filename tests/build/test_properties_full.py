"""The unit layer's property tests with their full budgets of examples.

A test written with support.property_test(full, …) runs full // UNIT_SHARE
examples in tests/unit (the fast loop) and all full of them here: the same
test function, strategies, @example cases, parametrize marks and settings,
under the same name in this module. The unit modules' fixtures come along.
"""

from __future__ import annotations

import importlib
import sys

from support import ROOT

UNIT = ROOT / "tests" / "unit"
if str(UNIT) not in sys.path:
    sys.path.insert(0, str(UNIT))  # as pytest imports tests/unit's modules: by their file's name


def _take(module_name: str) -> None:
    """Every budgeted test of the unit module, with its full budget, and the module's fixtures, into this module."""
    module = importlib.import_module(module_name)
    for name, value in vars(module).items():
        if name.startswith("test_") and hasattr(value, "full_budget"):
            globals()[name] = value.full_budget()
        elif type(value).__name__ == "FixtureFunctionDefinition" or hasattr(value, "_pytestfixturefunction"):
            globals().setdefault(name, value)


for _name in sorted(path.stem for path in UNIT.glob("test_*.py")):
    if "property_test" in (UNIT / f"{_name}.py").read_text(encoding="utf-8"):
        _take(_name)


def test_each_test_here_runs_all_its_examples_and_the_unit_layer_a_tenth():
    from support import UNIT_SHARE

    twins = {name: value for name, value in globals().items() if name.startswith("test_") and
             hasattr(value, "_hypothesis_internal_use_settings")}
    assert len(twins) >= 10
    for name, twin in twins.items():
        unit = next(vars(m)[name] for m in sys.modules.values()
                    if getattr(m, "__file__", "") and str(UNIT) in m.__file__ and name in vars(m))
        assert twin._hypothesis_internal_use_settings.max_examples == unit.full_examples, name
        assert unit._hypothesis_internal_use_settings.max_examples == max(1, unit.full_examples // UNIT_SHARE), name
