"""This site's MkDocs hook: jishi's event handlers, from the installed package."""
from jishi.mkdocs_adapter.hook import *  # noqa: F401,F403
