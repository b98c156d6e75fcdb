"""Blueprint: the JSON API under /api/v1 (bearer tokens only, so no CSRF).

Routes are declared with ``webapp.api.registry.api_route`` in the modules of
``webapp.api.views``; the same declarations produce ``/api/v1/openapi.json``.
"""

from flask import Blueprint

from webapp.auth import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Safe only because the API authenticates by the Authorization header alone
# (webapp.api.registry.authenticate), never by the session cookie.
csrf.exempt(bp)


def _install_converters(state) -> None:  # noqa: ANN001 - BlueprintSetupState
    from webapp.api.registry import IdConverter

    state.app.url_map.converters.setdefault("id", IdConverter)


# Recorded before any route, so the converter exists when the rules are added.
bp.record_once(_install_converters)

from webapp.api import openapi, views  # noqa: E402,F401 - routes register on import
