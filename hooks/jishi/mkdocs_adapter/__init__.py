"""The MkDocs adapter: MkDocs events delegating to the jishi core.

A site's hooks/jishi_hook.py re-exports the event handlers of `hook`. This is
the only wing that imports mkdocs or material; every reach into MkDocs
internals lives here.

May import: every other jishi wing.
"""
