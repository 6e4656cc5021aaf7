"""jishi（纪实）: validate documentary stories and plan the pages of a campaign site.

The core imports nothing from MkDocs; ``hooks/jishi_hook.py`` and the
``jishi`` command are thin adapters over it.

The names below are imported when first used, so a process that needs one
wing only (the search worker, the QR code drawer) does not load the others.
"""

from importlib import import_module

__all__ = [
    "load_site", "load_schema", "validate_front_matter", "parse_source", "read_source",
    "SourceFile", "LoadError", "Problem", "ProblemList", "format_problems",
    "Site", "Story", "Team", "Enterprise", "Column", "Person",
]

_HOMES = {
    "jishi.content.loader": ("LoadError", "SourceFile", "parse_source", "read_source"),
    "jishi.content.model": ("Column", "Enterprise", "Person", "Site", "Story", "Team"),
    "jishi.content.problems": ("Problem", "ProblemList", "format_problems"),
    "jishi.content.schema": ("load_schema", "validate_front_matter"),
    "jishi.site.check": ("load_site",),
}
_HOME = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module 'jishi' has no attribute {name!r}")
    value = getattr(import_module(_HOME[name]), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
