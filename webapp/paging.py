"""Pages of a long list on an HTML page: ``?page=`` read here, links by partials/pagination.html."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from flask import request, url_for

from engine.services.history import Page

T = TypeVar("T")


def paged(items: Sequence[T], per_page: int, endpoint: str | None = None,
          anchor: str | None = None, *, param: str = "page", showing: T | None = None,
          **values: object) -> tuple[Page[T], Callable[[int], str]]:
    """The requested page of ``items`` (a bad or too large number shows the nearest page)
    and the URL of any page number (the request's other arguments kept).

    ``param`` names the query argument (two lists on one page each have their own);
    ``showing``, an item of the list, picks the page that holds it (a form drawn again
    with its errors shows the row it was sent from). With ``endpoint``, ``values`` are
    all its path values.
    """
    raw = request.args.get(param, "")
    number = int(raw) if raw.isdigit() and len(raw) < 10 else 1
    if showing is not None and showing in items:
        number = list(items).index(showing) // per_page + 1
    pages = max(1, -(-len(items) // per_page))
    number = min(max(1, number), pages)
    start = (number - 1) * per_page
    page = Page(list(items[start:start + per_page]), number, per_page, len(items))
    args = {k: v for k, v in request.args.items() if k != param}
    # A page drawn again after a refused POST links to the list's own GET route.
    target = endpoint or request.endpoint or ""
    path_values = dict(values) if endpoint else {**(request.view_args or {}), **values}

    def page_url(n: int) -> str:
        return url_for(target, **path_values, **args, **{param: n},
                       **({"_anchor": anchor} if anchor else {}))

    return page, page_url
