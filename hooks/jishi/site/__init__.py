"""Site: what pages the model becomes and what their templates see.

Page planning and redirects (plan), the template context (render), share
cards and QR codes (share), the feed, published URLs (urls), the editor's
guide, paragraph anchors, quoted terms and chart geometry; the Jinja
templates and static assets live here too.

May import: jishi.content (and jinja2, markdown, segno, Pillow); never the
editor, search or the MkDocs adapter.
"""
