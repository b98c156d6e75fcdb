"""Searching one process: the page behind the navigation's search box, and the API."""

from __future__ import annotations

import pytest

from engine.services.document import comments as comment_service
from engine.services.document import sections as section_service
from tests.webapp.api_client import assert_error, check_documented
from tests.webapp.world import World


def _seed(db_session, world: World) -> tuple[int, int]:
    nodes = section_service.flatten(section_service.outline(db_session, world.process))
    section = nodes[0].section
    section_service.save_body(db_session, world.lead, section, base_revision=section.revision,
                              body="Diaspora bonds <img src=x onerror=alert(1)> for housing.\n")
    comment = comment_service.add_comment(db_session, world.lead, nodes[1].section,
                                          body="Ask the diaspora council first.")
    db_session.flush()
    return section.id, comment.id


@pytest.fixture
def api_world(make_world) -> World:
    return make_world("api")


def test_api_answers_results_with_kind_title_marked_snippet_and_url(app, db_session, api_world):
    section_id, comment_id = _seed(db_session, api_world)
    answer = api_world["observer"].get(f"/processes/{api_world.pid}/search?q=diaspora")
    assert answer.status_code == 200, answer.get_json()
    check_documented(app, "get", "/processes/{process_id}/search", answer)
    results = answer.get_json()["results"]
    assert {(r["kind"], r["id"]) for r in results} == {("section", section_id),
                                                        ("comment", comment_id)}
    by_kind = {r["kind"]: r for r in results}
    assert by_kind["section"]["url"] == f"/sections/{section_id}"
    assert by_kind["comment"]["url"].endswith(f"#comment-{comment_id}")
    for result in results:
        assert set(result) == {"kind", "id", "title", "snippet", "url"}
        assert "<mark>" in result["snippet"].lower()
        assert "<img" not in result["snippet"]


def test_api_refuses_an_empty_query_with_a_clear_422(api_world):
    for suffix in ("", "?q=", "?q=%20%20"):
        error = assert_error(api_world["lead"].get(f"/processes/{api_world.pid}/search{suffix}"),
                             422, "invalid")
        assert "search" in error["message"].lower()
        assert "q" in error["details"]


def test_api_hides_the_process_from_outsiders(api_world):
    assert_error(api_world["outsider"].get(f"/processes/{api_world.pid}/search?q=x"), 404)
    assert_error(api_world["outsider"].get(f"/processes/{api_world.pid}/search?q="), 404)


def test_page_shows_marked_escaped_snippets_and_links(client, auth, world, db_session):
    section_id, comment_id = _seed(db_session, world)
    auth.login(world.expert)
    overview = client.get(f"/processes/{world.pid}").get_data(as_text=True)
    assert f'action="/processes/{world.pid}/search"' in overview  # the navigation's box
    page = client.get(f"/processes/{world.pid}/search?q=diaspora+bonds")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'href="/sections/{section_id}"' in html
    assert "<mark>" in html.lower()
    assert "<img src=x" not in html and "&lt;img" in html
    assert f"#comment-{comment_id}" not in html  # "bonds" is not in the comment
    assert "1 result" in html and "1 results" not in html


def test_page_empty_states(client, auth, world):
    auth.login(world.observer)
    blank = client.get(f"/processes/{world.pid}/search")
    assert blank.status_code == 200 and "Words to find" in blank.get_data(as_text=True)
    none = client.get(f"/processes/{world.pid}/search?q=zebra")
    assert "Nothing found for “zebra”." in none.get_data(as_text=True)
    long = client.get(f"/processes/{world.pid}/search?q=" + "x" * 300)
    assert long.status_code == 422 and "too long" in long.get_data(as_text=True)
