"""API: the OpenAPI document stays byte for byte the stored copy.

A refactoring of the API's schemas or shapes must not change what clients
read. When the API changes on purpose, store the new document: run
``python -m tests.webapp.test_api_openapi_stored`` and commit
tests/webapp/data/openapi.json with the change.
"""

from __future__ import annotations

import json
from pathlib import Path

STORED = Path(__file__).parent / "data" / "openapi.json"


def canonical(document: dict) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_openapi_document_is_the_stored_copy(client):
    answer = client.get("/api/v1/openapi.json")
    assert answer.status_code == 200
    assert canonical(answer.get_json()) == STORED.read_text(encoding="utf-8")


if __name__ == "__main__":  # store the current document
    from webapp import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://"})
    STORED.write_text(canonical(app.test_client().get("/api/v1/openapi.json").get_json()),
                      encoding="utf-8")
