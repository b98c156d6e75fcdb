"""In a real browser: the demo lead reads the checklist, closes every gap, and moves the
strategy on; an expert finds no transition controls."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.e2e.conftest import shoot

pytestmark = pytest.mark.slow

PASSWORD = "demo-policy-2026"
LEAD = "lead@demo.policycycle.org"
EXPERT = "expert@demo.policycycle.org"
STRATEGY = "National Immigration Strategy 2027–2032"


def sign_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/login"))


def open_strategy(page, title: str = STRATEGY) -> str:
    """From the dashboard to a process's overview, in one click; returns its URL."""
    page.get_by_role("link", name=title).first.click()
    page.wait_for_url(re.compile(r"/processes/\d+$"))
    return page.url


def labelled(action: str, item: str) -> re.Pattern[str]:
    """A button's accessible name: visible action, then the visually hidden item it acts on."""
    return re.compile(rf"^{re.escape(action)}\s*:\s*{re.escape(item)}$")


def checklist(page) -> str:
    return page.locator(".checklist").first.inner_text()


def test_lead_satisfies_the_checklist_and_advances_then_expert_sees_no_controls(page):
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, LEAD)
    shoot(page, "01-dashboard-lead")
    overview = open_strategy(page)
    base = overview.rsplit("/processes/", 1)[0]
    process_path = "/processes/" + overview.rsplit("/processes/", 1)[1]

    # The lead reads what the validation stage still lacks.
    items = checklist(page)
    # Sign-offs count per ministry (the Diaspora Desk signs for Foreign Affairs), and the
    # statistics office's sign-off lapsed when a section was edited after it.
    assert ("waiting for: Ministry of Foreign Affairs, Ministry of Justice and Constitutional "
            "Affairs, National Statistical Office") in items
    assert "Sign-off lapsed: National Statistical Office" in items
    assert "missing: Validation record" in items
    assert "not yet reached: Diaspora" in items
    assert "1 input still without a decision" in items
    assert page.locator("svg.cycle, svg[role=img]").first.is_visible()
    shoot(page, "02-overview-checklist")

    # 1. A public hearing with civil society and the diaspora, held today.
    page.goto(base + process_path + "/consultations?stage=validation")
    form = page.locator(f"form[action='{process_path}/consultations']")
    form.get_by_label("Title").fill("Public hearing on the draft strategy")
    form.get_by_label("Method").select_option("public_hearing")
    form.get_by_label("Held on").fill(date.today().isoformat())
    form.locator("input[name=groups][value=civil_society]").check()
    form.locator("input[name=groups][value=diaspora]").check()
    form.get_by_role("button", name="Record the consultation").click()
    assert page.locator("[role=status]").first.is_visible()

    # 2. The validation record: submitted, then accepted.
    page.goto(base + process_path + "/deliverables")
    page.get_by_role("button", name=labelled("Submit for acceptance", "Validation record")).click()
    page.get_by_role("button", name=labelled("Accept", "Validation record")).click()
    # Back at the deliverable's row, the confirmation is shown there, in sight.
    flash = page.locator("li.deliverable .flashes .flash-success").first
    assert flash.is_visible()
    box = flash.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"], box
    shoot(page, "03-deliverables")

    # 3. The three institutions still to sign off do so themselves, on the current text.
    for email, institution in (("ana.petrel@demo.policycycle.org", "Ministry of Foreign Affairs"),
                               ("victor.anand@demo.policycycle.org",
                                "Ministry of Justice and Constitutional Affairs"),
                               ("paul.lindqvist@demo.policycycle.org",
                                "National Statistical Office")):
        sign_out(page)
        sign_in(page, email)
        page.goto(base + process_path + "/members")
        page.get_by_role("button", name=f"Sign off for {institution}").click()
        assert page.locator("[role=status]").first.is_visible()

    # Back as the lead: the round table's last input gets its decision and reason.
    sign_out(page)
    sign_in(page, LEAD)
    page.goto(base + process_path + "/consultations?stage=validation")
    page.get_by_role("link", name="Round table with civil society on the draft Strategy").click()
    item = page.locator("li.input", has_text="Global Migration Partnership")
    item.get_by_label("Accepted", exact=True).check()
    item.get_by_label("Reason").fill("Measure 3 gains an indicator on recruitment costs.")
    item.get_by_role("button", name="Save the decision").click()
    assert page.locator("[role=status]").first.is_visible()

    # Every check is green, and the strategy moves to adoption.
    page.goto(overview)
    assert "waiting for" not in checklist(page)
    assert page.locator(".checklist .check-missing, .checklist [data-ok=false]").count() == 0
    shoot(page, "04-checklist-green")
    advance = page.locator(f"form[action='{process_path}/transitions/advance']")
    advance.get_by_label("Note for the record").fill("Validated at the round table of the "
                                                     "steering committee.")
    advance.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/processes/\d+$"))
    assert "Adopted" in page.locator("[role=status]").first.inner_text()
    shoot(page, "05-adopted")

    # An expert of the same process sees the cycle but no transition controls.
    sign_out(page)
    sign_in(page, EXPERT)
    page.goto(overview)
    assert page.locator("form[action*='/transitions/']").count() == 0
    assert page.get_by_role("button", name=re.compile("Record the adoption|Send back|Suspend")).count() == 0
    shoot(page, "06-expert-no-controls")


def test_the_lead_reaches_cycle_and_checklist_within_three_clicks(page):
    """Sign in (1), open the process from the dashboard (2): cycle and checklist are there."""
    sign_in(page, LEAD)
    open_strategy(page, "National Migration and Citizenship Policy")
    assert page.locator(".checklist").first.is_visible()
    assert "blocking comment" in checklist(page)
    assert page.locator("svg").filter(has_text=re.compile("Validation|Agenda")).count() >= 1
