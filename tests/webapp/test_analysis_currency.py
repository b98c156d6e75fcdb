"""The action plan's amounts carry a currency: the site's default, or the one the lead sets."""

from __future__ import annotations

from decimal import Decimal

import pytest

from engine.errors import InvalidInput, PermissionDenied
from engine.services.analysis import actions
from tests.webapp.api_client import assert_error
from tests.webapp.browser import post, text


@pytest.fixture
def measure(world, db_session):
    made = actions.create_measure(db_session, world.lead, world.process,
                                  title="Train border officers", budget="1250000",
                                  start_on="2027-01-01", end_on="2027-12-31")
    db_session.flush()
    return made


def test_the_service_sets_checks_and_records_the_currency(world, db_session, measure):
    actions.set_currency(db_session, world.core, world.process, "xof")
    assert world.process.currency == "XOF"
    assert actions.budget_totals(db_session, world.process).currency == "XOF"
    with pytest.raises(InvalidInput):
        actions.set_currency(db_session, world.core, world.process, "EURO")
    with pytest.raises(PermissionDenied):
        actions.set_currency(db_session, world.expert, world.process, "USD")
    actions.set_currency(db_session, world.lead, world.process, "")
    assert world.process.currency is None


def test_amounts_show_with_the_default_then_the_chosen_currency(fresh, auth, world, measure):
    auth.login(world.lead)
    path = f"/processes/{world.process.id}/analysis/actions"
    page = text(fresh.get(path, headers={"Accept-Language": "en"}))
    assert "€1,250,000.00" in page
    assert "Every amount of the action plan is in Euro (EUR)." in page
    answer = post(fresh, auth, path + "/currency", {"currency": "XOF"}, token_from=path)
    assert answer.status_code == 302
    page = text(fresh.get(path))
    assert "F CFA1,250,000" in page  # no decimals: the franc CFA has none
    assert "West African CFA Franc (XOF)" in page


def test_an_unknown_currency_is_refused_with_422(fresh, auth, world, measure):
    auth.login(world.lead)
    path = f"/processes/{world.process.id}/analysis/actions"
    answer = post(fresh, auth, path + "/currency", {"currency": "ZZZ"}, token_from=path)
    assert answer.status_code == 422
    assert world.process.currency is None


def test_the_api_sets_the_currency_and_the_budget_names_it(make_world, db_session):
    api = make_world("api")
    base = f"/processes/{api.process.id}/actions"
    assert api["lead"].get(base + "/budget").get_json()["currency"] == "EUR"
    answer = api["lead"].put(base + "/currency", {"currency": "BRL"})
    assert answer.status_code == 200
    assert answer.get_json()["currency"] == "BRL"
    assert api["core"].get(base + "/budget").get_json()["currency"] == "BRL"
    assert_error(api["lead"].put(base + "/currency", {"currency": "Reais"}), 422)
    assert_error(api["expert"].put(base + "/currency", {"currency": "USD"}), 403)
    assert Decimal(api["core"].get(base + "/budget").get_json()["total"]) == 0
