"""Search: the Pagefind index of a built site, for builds and for the preview.

May import: jishi.content and jishi.site; never the editor or the MkDocs adapter.
"""
