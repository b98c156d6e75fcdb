"""In a real browser, the demo's French-speaking core member works in French on Paris time;
then the same member switches to Spanish, Portuguese and Russian.

Every page of the walk must name its language in <html lang>, show dates as that language
writes them, in the member's time zone, and show none of the English catalogue's
messages (collected along the walk and checked last, so that the language and date checks
speak first).
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date, get_month_names, get_timezone_gmt

from tests.catalogue_check import english_on, english_strings, peoples_text
from tests.e2e.conftest import shoot

pytestmark = pytest.mark.slow

PASSWORD = "demo-policy-2026"
MEMBER = "aminata.sow@demo.policycycle.org"
ZONE = ZoneInfo("Europe/Paris")
POLICY = "National Migration and Citizenship Policy"


class Walk:
    """A member's walk through the site, noting the English left on each page."""

    def __init__(self, page, live_app) -> None:
        self.page = page
        self.app = live_app
        with live_app.app_context():
            from webapp.database import get_session

            self.people = peoples_text(get_session())
        self.translations = Path(live_app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";")[0])
        self.english: dict[str, set[str]] = {}

    def read(self, language: str, name: str) -> str:
        """Check the page's language, note its English, save a screenshot; return its text."""
        assert self.page.locator("html").get_attribute("lang") == language
        assert self.page.locator("html").get_attribute("dir") == "ltr"
        patterns = english_strings(self.translations, language)
        found = english_on(self.page.content(), patterns, self.people)
        if found:
            self.english[f"{language} {self.page.url}"] = found
        shoot(self.page, f"lang-{language}-{name}")
        return self.page.locator("main").inner_text()


def sign_in(page) -> None:
    page.goto("/login")
    page.locator("input[name=email]").fill(MEMBER)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form[action='/login'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))


def medium_date(language: str) -> re.Pattern[str]:
    """A date as the language writes it in the medium style ("28 nov. 2026", "28 нояб.")."""
    months = get_month_names("abbreviated", locale=language).values()
    return re.compile(rf"\b\d{{1,2}} (de )?({'|'.join(map(re.escape, months))})( de)? \d{{4}}")


def moment_pattern(language: str = "fr") -> re.Pattern[str]:
    """A moment of today in the member's zone: "28 nov. 2026, 09:30 UTC+01:00"."""
    now = datetime.now(ZONE)
    days = {format_date(now.date(), "medium", locale=language)}
    offset = get_timezone_gmt(now, "long", locale=language)
    return re.compile(rf"({'|'.join(map(re.escape, days))}), \d{{2}}:\d{{2}} {re.escape(offset)}")


def test_the_french_speaking_member_works_in_french_on_paris_time(page, live_app):
    walk = Walk(page, live_app)
    sign_in(page)

    # The dashboard.
    walk.read("fr", "dashboard")

    # The overview and its checklist; the process started on a French date.
    page.get_by_role("link", name=POLICY).first.click()
    page.wait_for_url(re.compile(r"/processes/\d+$"))
    overview = page.url
    assert page.locator(".checklist").first.is_visible()
    text = walk.read("fr", "overview")
    assert medium_date("fr").search(text), "no French date"

    # A section saved: its revision line names the moment, in Paris time.
    page.goto(overview + "/document")
    page.locator("a[href^='/sections/']").first.click()
    page.wait_for_url(re.compile(r"/sections/\d+$"))
    # The rich-text editor takes the typing; it saves Markdown through the same form. The
    # section is agreed: the editor asks before it returns to drafting, and we confirm.
    page.on("dialog", lambda dialog: dialog.accept())
    # The editor loads when the writer starts editing: a click in the text box.
    page.locator("#doc-editor-form textarea[name=body]").click()
    editor = page.locator("#doc-editor-surface[data-ready=yes] .ProseMirror")
    editor.click()
    page.keyboard.press("Control+End")
    page.wait_for_function("""() => {
      const editor = document.getElementById('doc-editor-form').editor;
      const {selection, doc} = editor.state;
      return selection.empty && selection.to >= doc.content.size - 1;
    }""")
    page.keyboard.press("Enter")
    page.keyboard.type("Le groupe de travail valide cette section.")
    page.locator("#doc-save-button").click()
    page.wait_for_url(re.compile(r"/sections/\d+"))
    text = walk.read("fr", "section-saved")
    assert "Le groupe de travail valide cette section." in text
    assert moment_pattern().search(text), "the saving moment is not French Paris time"

    # A comment: its thread shows when it was written, in Paris time.
    page.locator("#comment-body").fill("Merci : la formulation convient à la diaspora.")
    page.locator("#new-comment button[type=submit]").click()
    page.wait_for_url(re.compile(r"/sections/\d+"))
    thread = page.locator(".doc-thread").filter(has_text="la formulation convient").first
    assert moment_pattern().search(thread.inner_text()), "the comment's moment"
    walk.read("fr", "comment")

    # The consultations, with the dates they were held on in French.
    page.goto(overview + "/consultations")
    text = walk.read("fr", "consultations")
    assert medium_date("fr").search(text), "no French date"

    # Spanish, Portuguese, Russian: chosen on the profile, then dashboard and overview.
    for language in ("es", "pt", "ru"):
        page.goto("/profile")
        profile = page.locator("form[action='/profile']")
        profile.locator("select[name=language]").select_option(language)
        profile.locator("button[type=submit]").click()
        page.wait_for_url(re.compile(r"/profile$"))
        page.goto("/")
        walk.read(language, "dashboard")
        page.goto(overview)
        text = walk.read(language, "overview")
        assert page.locator(".checklist").first.is_visible()
        assert medium_date(language).search(text), f"no {language} date"

    # Back to French for the next run; then, the English left anywhere on the walk.
    page.goto("/profile")
    page.locator("form[action='/profile'] select[name=language]").select_option("fr")
    page.locator("form[action='/profile'] button[type=submit]").click()
    assert walk.english == {}, walk.english
