"""Editor: the editor's workbench behind the `jishi` command.

Subcommands (commands), `jishi new` (scaffold), `jishi import` (importing/),
`--fix-encoding` (encoding),
JSON Schema and Front Matter CMS export (export), atomic publishing (publish).

May import: jishi.content, jishi.site, jishi.search; never the MkDocs adapter.
"""
