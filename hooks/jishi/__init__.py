"""jishi（纪实）: validate documentary stories and plan the pages of a campaign site.

The core imports nothing from MkDocs; ``hooks/jishi_hook.py`` and the
``jishi`` command are thin adapters over it.
"""

from jishi.content.loader import LoadError, SourceFile, parse_source, read_source
from jishi.content.model import Column, Enterprise, Person, Site, Story, Team
from jishi.content.problems import Problem, ProblemList, format_problems
from jishi.content.schema import load_schema, validate_front_matter
from jishi.site.check import load_site

__all__ = [
    "load_site", "load_schema", "validate_front_matter", "parse_source", "read_source",
    "SourceFile", "LoadError", "Problem", "ProblemList", "format_problems",
    "Site", "Story", "Team", "Enterprise", "Column", "Person",
]
