"""Every page of the demo, as its lead, on a 390 px phone: nothing overflows sideways, and
axe-core finds no serious or critical accessibility violation.

The URLs are collected from the demo's data (every process the lead is in: overview,
core group, consultations and each consultation, deliverables, the analysis pages and
each analysis record, the document outline, reading view, comparison, every section,
its revisions, the history, search), plus the dashboard, profile, notifications and an
edit-conflict screen made for the occasion. axe-core is the npm package's build,
vendored for the tests only (tests/e2e/vendor/), injected into each page.

Problems are collected over the whole walk and reported together.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.e2e.conftest import shoot

pytestmark = pytest.mark.slow

LEAD = "lead@demo.policycycle.org"
PASSWORD = "demo-policy-2026"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
ANALYSIS = {"inventory": "DataSource", "objectives": "Objective", "options": "PolicyOption",
            "instruments": "Instrument", "actions": "Measure", "risks": "Risk"}
#: axe's impact levels that fail the walk.
FAILING = ("serious", "critical")


def demo_urls(app) -> list[str]:
    """The pages the demo's lead can open, read from the demo's data."""
    import engine.models as models
    from engine.models import Consultation, Membership, Revision, Section, User
    from webapp.database import get_session

    urls = ["/", "/profile", "/notifications", "/portfolio"]
    with app.app_context():
        session = get_session()
        lead = session.scalar(select(User).where(User.email == LEAD))
        processes = sorted({m.process_id for m in session.scalars(
            select(Membership).where(Membership.user_id == lead.id,
                                     Membership.active_clause()))})
        for pid in processes:
            base = f"/processes/{pid}"
            urls += [base, f"{base}/members", f"{base}/consultations",
                     f"{base}/consultations/coverage", f"{base}/deliverables",
                     f"{base}/history", f"{base}/analysis", f"{base}/responses",
                     f"{base}/glossary", f"{base}/document", f"{base}/document/read",
                     f"{base}/document/compare", f"{base}/search",
                     f"{base}/search?q=migration"]
            urls += [f"{base}/analysis/{segment}"
                     for segment in ("problem", *ANALYSIS)]
            process = session.get(models.Process, pid)
            urls += [f"{base}/meetings", f"{base}/meetings/new", f"{base}/public-consultations"]
            for meeting_id in session.scalars(select(models.Meeting.id).where(
                    models.Meeting.process_id == pid).order_by(models.Meeting.id)):
                urls += [f"{base}/meetings/{meeting_id}", f"{base}/meetings/{meeting_id}/edit"]
            for public_id, slug in session.execute(select(
                    models.PublicConsultation.id, models.PublicConsultation.slug).where(
                    models.PublicConsultation.process_id == pid)):
                urls += [f"{base}/public-consultations/{public_id}", f"/consult/{slug}"]
            if process.workflow.key == "technical-assistance":
                urls.append(f"{base}/steering")
            if process.state in ("adopted", "implementation", "evaluation", "closed"):
                urls.append(f"{base}/adoption")
            if process.state in ("implementation", "evaluation", "closed"):
                urls += [f"{base}/monitoring", f"{base}/evaluations"]
            for segment, model in ANALYSIS.items():
                table = getattr(models, model)
                urls += [f"{base}/analysis/{segment}/{item_id}" for item_id in session.scalars(
                    select(table.id).where(table.process_id == pid).order_by(table.id))]
            urls += [f"{base}/consultations/{cid}" for cid in session.scalars(
                select(Consultation.id).where(Consultation.process_id == pid)
                .order_by(Consultation.id))]
            sections = list(session.scalars(
                select(Section).where(Section.process_id == pid, Section.deleted_at.is_(None))
                .order_by(Section.position, Section.id)))
            urls += [f"/sections/{s.id}" for s in sections]
            revised = next((s for s in sections if s.revision >= 2), None)
            if revised is not None:
                urls += [f"/sections/{revised.id}/revisions",
                         f"/sections/{revised.id}/revisions/{revised.revision}",
                         f"/sections/{revised.id}/delete"]
            urls += [f"/sections/{sid}/translations/{language}"
                     for sid, language in session.execute(
                         select(models.SectionTranslation.section_id,
                                models.SectionTranslation.language)
                         .join(Section, Section.id == models.SectionTranslation.section_id)
                         .where(Section.process_id == pid).limit(1))]
        assert session.scalar(select(Revision.id).limit(1)) is not None
    return urls


def sign_in(page) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(LEAD)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def check(page, where: str) -> list[str]:
    """What is wrong with the page now shown: sideways overflow, serious axe violations."""
    problems = []
    width = page.evaluate("[document.documentElement.scrollWidth,"
                          " document.documentElement.clientWidth]")
    if width[0] > width[1]:
        wide = page.evaluate("""() => {
            const limit = document.documentElement.clientWidth;
            return [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > limit + 1)
              .slice(0, 4).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.')
                               + (e.id ? '#' + e.id : ''));
        }""")
        problems.append(f"{where}: {width[0]} px wide at {width[1]} px ({', '.join(wide)})")
    page.add_script_tag(path=str(AXE))  # the context bypasses the CSP for this alone
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => [v.impact, v.id,
            v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')]);
    }""")
    problems += [f"{where}: axe {impact} {rule}: {nodes}" for impact, rule, nodes in found
                 if impact in FAILING]
    return problems


def conflict_screen(page, live_app) -> None:
    """Open a section, let someone else change its first paragraph, then send a change to
    the same paragraph as the page's plain form does: the answer is the conflict screen."""
    from engine.models import Section, User
    from engine.services.document import sections as section_service
    from webapp.database import get_session

    with live_app.app_context():
        session = get_session()
        section = session.scalar(select(Section).where(
            # Process 2 (policy analysis): an edit there lapses no sign-off that the other
            # browser tests read in process 1, whatever order they run in.
            Section.process_id == 2, Section.deleted_at.is_(None), Section.body != "")
            .order_by(Section.position, Section.id))
        section_id, body = section.id, section.body
    page.goto(f"/sections/{section_id}")
    first = body.split("\n", 1)[0]
    with live_app.app_context():
        session = get_session()
        section = session.get(Section, section_id)
        lead = session.scalar(select(User).where(User.email == LEAD))
        section_service.save_body(session, lead, section, base_revision=section.revision,
                                  body=body.replace(first, first + " Theirs, meanwhile.", 1))
        session.commit()
    # The form's own submit(), as without script: the editor's handlers are not involved.
    page.evaluate("""(text) => {
        const form = document.getElementById('doc-editor-form');
        form.querySelector('textarea[name=body]').value = text;
        HTMLFormElement.prototype.submit.call(form);
    }""", body.replace(first, first + " Mine, here.", 1))
    page.wait_for_selector("#resolve-choices")


def test_every_page_fits_a_phone_and_passes_axe(browser, live_server, live_app):
    assert AXE.exists(), "vendor axe-core: see tests/e2e/vendor/README.txt"
    context = browser.new_context(base_url=live_server, viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page)
    problems: list[str] = []
    urls = demo_urls(live_app)
    assert len(urls) > 60
    for url in urls:
        response = page.goto(url)
        assert response is not None and response.status < 400, (url, response and response.status)
        problems += check(page, url)
    shoot(page, "mobile-390-last-page")
    context.close()

    # The conflict screen.
    context = browser.new_context(base_url=live_server, viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    sign_in(page)
    conflict_screen(page, live_app)
    problems += check(page, "conflict screen")
    shoot(page, "mobile-390-conflict")
    context.close()
    assert problems == [], "\n".join(problems)


def test_a_mounted_field_editor_fits_a_phone_and_passes_axe(browser, live_server, live_app):
    """The walk above sees each form plain; here the rich-text editor is mounted over the
    minutes of a meeting (and the agenda beside them), and the page is checked again."""
    from engine.models import Meeting
    from webapp.database import get_session

    with live_app.app_context():
        meeting = get_session().scalar(select(Meeting).order_by(Meeting.id))
        url = f"/processes/{meeting.process_id}/meetings/{meeting.id}/edit"
    context = browser.new_context(base_url=live_server, viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page)
    page.goto(url)
    page.locator("#m-minutes").focus()
    page.wait_for_selector("#m-minutes-editor[data-ready=yes] .ProseMirror")
    page.wait_for_selector("#m-agenda-editor[data-ready=yes] .ProseMirror")
    problems = check(page, f"{url} (editor mounted)")
    page.locator("#m-minutes-editor").scroll_into_view_if_needed()
    shoot(page, "mobile-390-rich-field")
    # The Markdown source, shown in place of the editor, is checked too.
    page.locator("[aria-controls='m-minutes-editor'] [data-action=source]").click()
    problems += check(page, f"{url} (Markdown source)")
    context.close()
    assert problems == [], "\n".join(problems)
