"""Page-ready reads of the document: comment tallies per section, the last revision,
the revisions saved since a base, and the people who decided in the threads."""

from __future__ import annotations

from engine.services.document import comments as comment_service
from engine.services.document import sections as section_service
from engine.services.document_reads import (
    comment_tallies,
    deciders,
    last_revision,
    revisions_after,
    section_number,
)


def first_two_sections(db_session, process):
    nodes = section_service.flatten(section_service.outline(db_session, process))
    return nodes[0].section, nodes[1].section


def test_comment_tallies_count_open_blocking_and_pending_per_section(db_session, make_process):
    process = make_process()
    lead = process.lead.user
    one, two = first_two_sections(db_session, process)
    comment_service.add_comment(db_session, lead, one, body="A remark.")
    comment_service.add_comment(db_session, lead, one, body="Not agreed.", blocking=True)
    done = comment_service.add_comment(db_session, lead, two, body="Fixed already.")
    comment_service.resolve(db_session, lead, done)
    tallies = comment_tallies(db_session, process)
    assert tallies.open == {one.id: 2}
    assert tallies.blocking == {one.id: 1}
    assert tallies.pending == {}


def test_revisions_and_their_order(db_session, make_process):
    process = make_process()
    lead = process.lead.user
    section, _other = first_two_sections(db_session, process)
    assert last_revision(db_session, section) is None
    for text in ("First.\n", "Second.\n", "Third.\n"):
        section_service.save_body(db_session, lead, section, body=text,
                                  base_revision=section.revision)
    assert last_revision(db_session, section).body == "Third.\n"
    assert [r.body for r in revisions_after(db_session, section, 1)] == ["Second.\n", "Third.\n"]
    assert section_number(db_session, section) == "1"


def test_deciders_are_the_people_who_resolved(db_session, make_process):
    process = make_process()
    lead = process.lead.user
    section, _other = first_two_sections(db_session, process)
    comment = comment_service.add_comment(db_session, lead, section, body="A remark.")
    assert deciders(db_session, [comment]) == {}
    comment_service.resolve(db_session, lead, comment)
    assert deciders(db_session, [comment]) == {lead.id: lead}
