"""Reading and posting pages in tests the way a person with a browser does."""

from __future__ import annotations

import re
from html import unescape
from typing import Any


def text(response) -> str:
    """The page as a person reads it: tags dropped, entities decoded, spaces collapsed."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def post(client, auth, path: str, data: dict[str, Any] | None = None, *,
         token_from: str = "/profile", **kwargs: Any):
    """POST a form the way a browser does, with a valid CSRF token."""
    payload = dict(data or {})
    payload["csrf_token"] = auth.csrf_token(token_from)
    return client.post(path, data=payload, **kwargs)
