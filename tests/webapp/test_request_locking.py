"""Reading requests begin their SQLite transaction without the write lock; writing ones take it."""

from __future__ import annotations

from engine.db import writes_intended


def test_get_reads_unlocked_and_post_declares_a_write(app):
    seen: list[tuple[str, bool]] = []

    def probe():
        from flask import request

        seen.append((request.method, writes_intended()))
        return "ok"

    app.add_url_rule("/_intent", "intent_probe", probe, methods=["GET", "HEAD", "POST"])
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    client.get("/_intent")
    client.head("/_intent")
    client.post("/_intent")
    assert seen == [("GET", False), ("HEAD", False), ("POST", True)]
    # Outside a request (the command line, workers), transactions write as before.
    assert writes_intended()
