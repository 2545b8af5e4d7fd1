"""The catalogue as a website: generated pages, macros for hand-written pages, data files, and the
MkDocs plugin that adds them to the build.

Depends on the catalogue, never on the progress service; only `plugin` knows MkDocs.
"""
