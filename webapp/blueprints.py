"""Every blueprint of the site, registered in one place."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from webapp.accounts import bp as accounts
    from webapp.admin import bp as admin
    from webapp.analysis import bp as analysis
    from webapp.api import bp as api
    from webapp.dashboard import bp as dashboard
    from webapp.document import bp as document
    from webapp.evaluation import bp as evaluation
    from webapp.monitoring import bp as monitoring
    from webapp.notifications import bp as notifications
    from webapp.public import bp as public
    from webapp.word import bp as word
    from webapp.workspace import bp as workspace

    for blueprint in (accounts, dashboard, workspace, document, analysis, monitoring, word,
                      admin, notifications, public, evaluation, api):
        app.register_blueprint(blueprint)
