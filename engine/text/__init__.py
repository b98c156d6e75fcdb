"""Pure text layer of co-editing: merge, Markdown rendering, diffs and comment anchors.

Nothing here touches the database or the web adapter; every function works on plain
``str`` values so it can be tested (and reused by exports) in isolation.  The
submodules are imported explicitly (``from engine.text.merge import ...``) so that
importing one of them does not pay for the others (Markdown, nh3).
"""
