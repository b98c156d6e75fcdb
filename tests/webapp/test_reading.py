"""The document as one readable whole, and the way from one section to the next."""

from __future__ import annotations

from engine.services.document import comments as comment_service
from engine.services.document import sections as section_service


def _nodes(db_session, process):
    return section_service.flatten(section_service.outline(db_session, process))


def test_reading_view_shows_every_section_rendered_with_an_outline_and_counts(
        client, auth, world, db_session):
    nodes = _nodes(db_session, world.process)
    first, second = nodes[0].section, nodes[1].section
    section_service.save_body(db_session, world.lead, first, base_revision=first.revision,
                              body="Some **bold** words <script>alert(1)</script>.\n")
    comment_service.add_comment(db_session, world.lead, second, body="One remark.")
    comment_service.add_comment(db_session, world.lead, second, body="Another remark.")
    db_session.flush()
    auth.login(world.observer)
    page = client.get(f"/processes/{world.pid}/document/read")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<strong>bold</strong>" in html and "<script>alert" not in html
    for node in nodes:  # in the outline and in the text, in order
        assert f'href="#s-{node.section.id}"' in html
        assert f'id="s-{node.section.id}"' in html
    positions = [html.index(f'id="s-{n.section.id}"') for n in nodes]
    assert positions == sorted(positions)
    assert "2 open comments" in html
    assert "1 open comments" not in html


def test_section_page_links_to_its_neighbours_and_shows_the_outline(client, auth, world,
                                                                    db_session):
    nodes = _nodes(db_session, world.process)
    auth.login(world.observer)
    first = client.get(f"/sections/{nodes[0].section.id}").get_data(as_text=True)
    assert 'rel="prev"' not in first
    assert f'rel="next" class="doc-sequence-next" href="/sections/{nodes[1].section.id}"' in first
    middle = client.get(f"/sections/{nodes[1].section.id}").get_data(as_text=True)
    assert f'rel="prev" class="doc-sequence-prev" href="/sections/{nodes[0].section.id}"' in middle
    assert f'href="/sections/{nodes[2].section.id}"' in middle
    assert "Document outline" in middle and 'aria-current="page"' in middle
    last = client.get(f"/sections/{nodes[-1].section.id}").get_data(as_text=True)
    assert 'rel="next"' not in last
