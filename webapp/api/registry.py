"""Declaring API routes: one decorator that routes, authenticates, validates and documents.

``@api_route`` registers a view on the ``api`` blueprint and records what
the OpenAPI document needs (method, path, parameters, request and response
schemas, error statuses). The wrapped view receives, by parameter name:

* ``session``: the request's database session;
* ``actor``: the engine user of the bearer token (401 without a valid one);
* ``body``: the validated request body (a model instance);
* ``query``: the validated query string (a model instance);
* path parameters, typed by the view's annotations (``int`` ids are limited to
  1..MAX_ID so that any other value is a 404, never a database error).

A view returns plain data (validated and shaped by ``response``) or a Flask
response (files).
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, get_origin, get_type_hints
from urllib.parse import urlencode

from flask import Response, jsonify, request
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from werkzeug.routing import BaseConverter

from webapp.api.schemas import MAX_ID
from webapp.errors import ApiError

_PARAM = re.compile(r"{(\w+)}")
#: Nesting deeper than this is refused before validation (no recursion surprises).
MAX_DEPTH = 32
#: API lists answer this many items per page unless ``per_page`` says otherwise.
DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 500
JSON_MIMETYPE = re.compile(r"^application/([\w.+-]+\+)?json$")


@dataclass(frozen=True)
class Route:
    """What the OpenAPI document says about one method of one path."""

    path: str  # OpenAPI form: /processes/{process_id}
    method: str
    endpoint: str
    summary: str
    description: str
    tags: tuple[str, ...]
    path_params: dict[str, type]
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    response: Any
    status: int
    errors: dict[int, tuple[type[BaseModel], ...]]  # status -> specific schemas (or ())
    auth: bool
    files: dict[str, str] = field(default_factory=dict)  # mimetype -> description
    paginated: bool = False  # a GET answering a list: page/per_page, Link, X-Total-Count
    headers: dict[str, dict[str, Any]] = field(default_factory=dict)  # more response headers


#: Every route declared with ``api_route``, in declaration order.
ROUTES: list[Route] = []


def api_route(
    path: str,
    method: str = "GET",
    *,
    summary: str,
    tags: Iterable[str],
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    response: Any = None,
    status: int = 200,
    errors: Iterable[int] | Mapping[int, tuple[type[BaseModel], ...]] = (),
    auth: bool = True,
    files: Mapping[str, str] | None = None,
    headers: Mapping[str, dict[str, Any]] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register and document an API view (see the module docstring)."""
    from webapp.api import bp

    method = method.upper()

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        hints = get_type_hints(view)
        wanted = set(inspect.signature(view).parameters)
        names = _PARAM.findall(path)
        path_params = {name: hints.get(name, int) for name in names}
        rule = _PARAM.sub(lambda m: _converter(m.group(1), path_params[m.group(1)]), path)
        adapter = TypeAdapter(response) if response is not None else None
        paginated = method == "GET" and get_origin(response) is list

        @wraps(view)
        def endpoint(**kwargs: Any) -> Any:
            from webapp.database import get_session

            _check_ids(kwargs, path_params)
            kwargs["actor"] = authenticate() if auth else None
            if "session" in wanted:
                kwargs["session"] = get_session()
            if body is not None:
                kwargs["body"] = validate(body, read_json_object())
            args = request.args.to_dict()
            page = None
            if paginated:
                page = validate(PageQuery, {k: args.pop(k) for k in ("page", "per_page")
                                            if k in args})
                if "page" in wanted:
                    kwargs["page"] = page
            if query is not None:
                kwargs["query"] = validate(query, args)
            result = view(**{k: v for k, v in kwargs.items() if k in wanted})
            if isinstance(result, Response):
                return result
            total = None
            extra = result.headers if isinstance(result, Paged) else {}
            if page is not None:
                result, total = _page_of(result, page)
            if adapter is not None:
                result = adapter.dump_python(adapter.validate_python(result), mode="json")
            answer = jsonify(result)
            answer.status_code = status
            if page is not None and total is not None:
                _link_headers(answer, page, total)
            answer.headers.update(extra)
            return answer

        bp.add_url_rule(rule, endpoint=view.__name__, view_func=endpoint, methods=[method])
        declared = dict(errors) if isinstance(errors, Mapping) else dict.fromkeys(errors, ())
        ROUTES.append(
            Route(
                path=path,
                method=method,
                endpoint=f"{bp.name}.{view.__name__}",
                summary=summary,
                description=inspect.cleandoc(view.__doc__ or ""),
                tags=tuple(tags),
                path_params=path_params,
                body=body,
                query=query,
                response=response,
                status=status,
                errors=_error_statuses(declared, auth=auth, body=body,
                                       query=query if query is not None or not paginated
                                       else PageQuery,
                                       path_params=path_params),
                auth=auth,
                files=dict(files or {}),
                paginated=paginated,
                headers=dict(headers or {}),
            )
        )
        return view

    return decorator


class PageQuery(BaseModel):
    """The page of a list answer: ``page`` from 1, ``per_page`` items (at most MAX_PER_PAGE)."""

    model_config = ConfigDict(extra="forbid")

    page: int = Field(default=1, ge=1, le=1_000_000, description="Page number, from 1.")
    per_page: int = Field(default=DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE,
                          description=f"Items per page (default {DEFAULT_PER_PAGE}, "
                                      f"at most {MAX_PER_PAGE}).")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass(frozen=True)
class Paged:
    """What a view that pages in its own query returns: one page and the total (and any
    more response headers, declared with ``api_route(headers=...)``)."""

    items: list[Any]
    total: int
    headers: Mapping[str, str] = field(default_factory=dict)


def _page_of(result: Any, page: PageQuery) -> tuple[list[Any], int]:
    """One page of a list answer and how many items the whole list has."""
    if isinstance(result, Paged):
        return result.items, result.total
    items = list(result)
    return items[page.offset:page.offset + page.per_page], len(items)


def _link_headers(answer: Response, page: PageQuery, total: int) -> None:
    """RFC 8288 ``Link`` (first, prev, next, last) and ``X-Total-Count``."""
    last = max(1, -(-total // page.per_page))
    base = request.base_url
    others = [(k, v) for k, v in request.args.items(multi=True) if k not in ("page", "per_page")]

    def url(number: int) -> str:
        return base + "?" + urlencode([*others, ("page", number), ("per_page", page.per_page)])

    links = [(1, "first")]
    if page.page > 1:
        links.append((min(page.page - 1, last), "prev"))
    if page.page < last:
        links.append((page.page + 1, "next"))
    links.append((last, "last"))
    answer.headers["Link"] = ", ".join(f'<{url(n)}>; rel="{rel}"' for n, rel in links)
    answer.headers["X-Total-Count"] = str(total)


class IdConverter(BaseConverter):
    """Path ids: up to ten digits (the range is checked by the view wrapper).

    Werkzeug answers 405 instead of 404 when a converter rejects a value that
    its pattern matched and the path has a route for another method, so the
    pattern alone decides whether the path matches.
    """

    regex = r"\d{1,10}"
    part_isolating = True

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: Any) -> str:
        return str(int(value))


def _converter(name: str, kind: type) -> str:
    if kind is int:
        return f"<id:{name}>"
    return f"<string(maxlength=200):{name}>"


def _check_ids(kwargs: dict[str, Any], path_params: dict[str, type]) -> None:
    for name, kind in path_params.items():
        if kind is int and not 1 <= kwargs[name] <= MAX_ID:
            raise ApiError(404, "not_found", "There is nothing at this address.")


def _error_statuses(
    declared: dict[int, tuple[type[BaseModel], ...]],
    *,
    auth: bool,
    body: type[BaseModel] | None,
    query: type[BaseModel] | None,
    path_params: dict[str, type],
) -> dict[int, tuple[type[BaseModel], ...]]:
    """The statuses a route can answer with besides success: declared plus implied ones.

    Each maps to the schemas its body may follow; () means the generic ErrorOut.
    """
    # Any request may be malformed (a NUL character in the path or query string).
    implied: set[int] = {400}
    if auth:
        implied.add(401)
    if path_params:
        implied.add(404)
    if body is not None:
        implied.update({400, 413, 415, 422})
    if query is not None:
        implied.add(422)
    statuses = {status: () for status in implied} | declared
    return dict(sorted(statuses.items()))


# ---------------------------------------------------------------- request handling


def authenticate() -> Any:
    """The user of the request's bearer token; 401 otherwise.

    Only the Authorization header counts: a browser's session cookie never
    authenticates the API, which is exempt from CSRF checks.
    """
    from engine.services.users import user_for_token
    from webapp.database import get_session

    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized",
                       "Authentication required: send Authorization: Bearer <token>.")
    user = user_for_token(get_session(), token.strip())
    if user is None:
        raise ApiError(401, "unauthorized", "The token is unknown, revoked or its account inactive.")
    return user


def read_json_object() -> dict[str, Any]:
    """The request body as a JSON object ({} when there is no body).

    400 for malformed JSON or anything but an object, 415 for a body that is
    not declared as JSON, 413 (raised by Werkzeug) beyond MAX_CONTENT_LENGTH.
    """
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    if not JSON_MIMETYPE.match(request.mimetype or ""):
        raise ApiError(415, "unsupported_media_type",
                       "Send the body as JSON with Content-Type: application/json.",
                       {"content_type": request.mimetype or None})
    try:
        data = json.loads(raw, parse_constant=_no_constants)
    except RecursionError:
        raise ApiError(400, "bad_json", "The JSON body is nested too deeply.") from None
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, int too long...
        raise ApiError(400, "bad_json", f"The body is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ApiError(400, "bad_json", "The body must be a JSON object.",
                       {"type": type(data).__name__})
    _check_strings(data)
    return data


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def _check_strings(data: Any) -> None:
    """Refuse text no database can store, and nesting deeper than MAX_DEPTH."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_DEPTH:
            raise ApiError(400, "bad_json", "The JSON body is nested too deeply.")
        if isinstance(value, dict):
            stack.extend((v, (*path, k)) for k, v in value.items())
            texts = list(value.keys())
        elif isinstance(value, list):
            stack.extend((v, (*path, i)) for i, v in enumerate(value))
            continue
        elif isinstance(value, str):
            texts = [value]
        else:
            continue
        for text in texts:
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                raise ApiError(400, "bad_json",
                               "The body contains an unpaired surrogate (\\ud800-\\udfff).",
                               {_dotted(path) or "body": "invalid unicode"}) from None
            if "\x00" in text:
                raise ApiError(422, "invalid", "Text must not contain NUL characters.",
                               {_dotted(path) or "body": "contains a NUL character"})


def validate(model: type[BaseModel], data: dict[str, Any]) -> BaseModel:
    """The model built from ``data``; 422 listing each failing field and why."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        details: dict[str, str] = {}
        for problem in exc.errors(include_url=False, include_input=False, include_context=False):
            where = _dotted(problem["loc"]) or "body"
            details[where] = "; ".join(filter(None, [details.get(where), problem["msg"]]))
        fields = ", ".join(details)
        raise ApiError(422, "invalid", f"Invalid values: {fields}.", details) from None


def _dotted(loc: Iterable[Any]) -> str:
    return ".".join(str(part) for part in loc)
