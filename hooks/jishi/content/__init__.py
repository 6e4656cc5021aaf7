"""Content: everything an editor writes, read and checked.

Bytes → front matter with positions (loader), the schema and its Chinese
messages (schema), validation and cross-references (load), Chinese-text lints
(lint), body HTML policy (sanitize), image checks, drafts and embargoes, and
the model the rest of jishi reads (model, relations).

May import: the standard library and third-party parsers only; no other jishi
wing, and never mkdocs, material or jinja2.
"""
