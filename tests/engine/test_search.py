"""Full-text search across one process, on whichever database the suite runs on
(SQLite FTS5 by default; PostgreSQL full-text search with POLICYCYCLE_TEST_DATABASE_URL)."""

from __future__ import annotations

import pytest

from engine.errors import InvalidInput, NotFound
from engine.services import consultations, search
from engine.services.analysis import risks
from engine.services.document import comments as comment_service
from engine.services.document import sections as section_service


@pytest.fixture
def world(db_session, make_process):
    process = make_process()
    lead = process.lead.user
    nodes = section_service.flatten(section_service.outline(db_session, process))
    first, second = nodes[0].section, nodes[1].section
    section_service.save_body(
        db_session, lead, first, base_revision=first.revision,
        body="Remittances sent home by the diaspora fund <b>schools</b> & clinics.\n")
    section_service.save_body(db_session, lead, second, base_revision=second.revision,
                              body="Border management and visas.\n")
    comment_service.add_comment(db_session, lead, second,
                                body="Mention the remittances corridor with Lusania.")
    consultation = consultations.create_consultation(
        db_session, lead, process, stage="agenda_setting", method="public_hearing",
        title="Hearing in Port Velor", groups=["civil_society"])
    consultations.add_input(db_session, lead, consultation, source="Diaspora council",
                            text="Lower the cost of remittances <script>alert(1)</script>.")
    risks.create_risk(db_session, lead, process, title="Exchange-rate shock",
                      category="resources", likelihood=3, impact=4,
                      description="A falling currency shrinks remittances.")
    return process, lead, first, second, consultation


def test_finds_every_kind_with_marked_escaped_snippets(db_session, world, is_postgres):
    process, lead, first, second, consultation = world
    hits = search.search(db_session, lead, process.id, "remittances")
    found = {(h.kind, h.id) for h in hits}
    assert ("section", first.id) in found
    assert ("section", second.id) not in found
    assert {h.kind for h in hits} == {"section", "comment", "consultation_input", "risk"}
    comment = next(h for h in hits if h.kind == "comment")
    assert comment.parent_id == second.id and comment.title == second.title
    given = next(h for h in hits if h.kind == "consultation_input")
    assert given.parent_id == consultation.id and given.title == "Hearing in Port Velor"
    for hit in hits:
        assert "<mark>" in hit.snippet.lower() and "</mark>" in hit.snippet
        assert "<script" not in hit.snippet and "<b>" not in hit.snippet
    section_hit = next(h for h in hits if h.kind == "section")
    # PostgreSQL's headline may leave tags out; whatever of them is shown is escaped.
    if "script" in given.snippet:
        assert "&lt;script&gt;" in given.snippet
    if not is_postgres:
        assert "&lt;script&gt;" in given.snippet
        assert "&lt;b&gt;schools&lt;/b&gt; &amp; clinics" in section_hit.snippet


def test_all_words_must_match_and_phrases_or_and_minus_work(db_session, world):
    process, lead, first, second, _consultation = world
    def kinds(query):
        return sorted((h.kind, h.id) for h in search.search(db_session, lead, process.id, query))
    assert kinds("border visas") == [("section", second.id)]
    assert kinds("border schools") == []
    assert kinds('"border management"') == [("section", second.id)]
    assert kinds("visas or clinics") == sorted([("section", first.id), ("section", second.id)])
    assert ("section", first.id) not in kinds("remittances -clinics")
    assert kinds("remittances -clinics")  # the others still match


def test_the_title_alone_matches_and_is_its_own_snippet(db_session, world):
    process, lead, *_rest = world
    hits = search.search(db_session, lead, process.id, "Exchange-rate")
    assert [h.kind for h in hits] == ["risk"]


def test_hostile_queries_answer_quietly(db_session, world):
    process, lead, *_rest = world
    for query in ('"', "***", "NEAR(a b)", "a:b", "(((", "-", "or", "'; DROP TABLE x"):
        assert isinstance(search.search(db_session, lead, process.id, query), list)


def test_empty_or_long_queries_are_refused_with_a_field(db_session, world):
    process, lead, *_rest = world
    for query in ("", "   ", None):
        with pytest.raises(InvalidInput) as refused:
            search.search(db_session, lead, process.id, query)
        assert "q" in refused.value.details
    with pytest.raises(InvalidInput):
        search.search(db_session, lead, process.id, "x" * (search.MAX_QUERY + 1))


def test_outsiders_and_other_processes_see_nothing(db_session, world, make_process, make_user):
    process, lead, *_rest = world
    with pytest.raises(NotFound):
        search.search(db_session, make_user(), process.id, "remittances")
    other = make_process(lead=lead)
    assert search.search(db_session, lead, other.id, "remittances") == []


def test_deleted_sections_are_not_searched(db_session, world):
    process, lead, first, *_rest = world
    section_service.delete_section(db_session, lead, first)
    assert ("section", first.id) not in {
        (h.kind, h.id) for h in search.search(db_session, lead, process.id, "clinics")}


def test_mark_escapes_first():
    assert search.mark("a <i>\ue000x\ue001</i>") == "a &lt;i&gt;<mark>x</mark>&lt;/i&gt;"
    assert search.mark("\ue000unbalanced") == "unbalanced"


def test_snippets_read_as_words_not_markdown():
    hit = "\ue000detention\ue001"
    assert search.mark(f"## Scope\n\nThe **{hit}** of *minors* is [banned](https://x.org).") == \
        "Scope The <mark>detention</mark> of minors is banned."
    assert search.mark(f"| Year | People |\n| --- | --- |\n| 2024 | {hit} |") == \
        "Year · People 2024 · <mark>detention</mark>"
    assert search.mark(f"- first point\n- a {hit} limit[^1]\n> quoted") == \
        "first point a <mark>detention</mark> limit quoted"
    # Stars that are not emphasis stay: 5 * 3, and a word with an_underscore.
    assert search.mark("5 * 3 and an_underscore") == "5 * 3 and an_underscore"
