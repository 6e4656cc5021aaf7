"""The 编辑台: a local web app, served only by `jishi serve`, that writes story files.

app (routes, requests, errors), forms (a form from a kind's schema, and the
values an editor typed back), saving (new files through editor.scaffold,
edits as targeted line changes, the on-disk-change guard), catalog (every
file with its kind, status and problems, for the home page), safety (writable
paths, CSRF, origin), accounts (sign-in for `jishi serve --host`), templates/
and assets/ beside them. Never part of `jishi build`'s output.

May import: jishi.content, jishi.site, jishi.editor; never the MkDocs adapter.
"""
