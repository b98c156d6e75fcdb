"""Redline export: the changes since a stage began, as native Word tracked changes."""

from __future__ import annotations

import io
import subprocess
import zipfile

import pytest
from lxml import etree
from sqlalchemy import select

from engine.errors import InvalidInput
from engine.models import Process, Revision, Section, TransitionRecord
from engine.services.document import sections as section_service
from engine.services.exports import export_process
from engine.services.users import by_email

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


@pytest.fixture
def policy(db_session, catalog) -> Process:
    from engine.demo import load_demo, migration_policy

    load_demo(db_session, catalog)
    return db_session.scalars(select(Process).where(Process.title == migration_policy.TITLE)).one()


def _stage_start(db_session, process: Process) -> TransitionRecord:
    return db_session.scalars(
        select(TransitionRecord).where(TransitionRecord.process_id == process.id)
        .order_by(TransitionRecord.at.desc(), TransitionRecord.id.desc())).first()


def _edit(db_session, process, email, key, old, new):
    section = db_session.scalars(
        select(Section).where(Section.process_id == process.id, Section.key == key)).one()
    assert old in section.body
    section_service.save_body(db_session, by_email(db_session, email), section,
                              body=section.body.replace(old, new, 1),
                              base_revision=section.revision)
    return section


@pytest.fixture
def edited(db_session, policy):
    """Three sections edited by two members after the current stage began."""
    _edit(db_session, policy, "lead@demo.policycycle.org", "issues",
          "Veloria is at the same time", "Veloria is today at once")
    _edit(db_session, policy, "core@demo.policycycle.org", "mandate",
          "The core group", "The national core group")
    _edit(db_session, policy, "lead@demo.policycycle.org", "swot", "Strengths", "Main strengths")
    db_session.flush()
    return policy


def _changes(content: bytes) -> list[tuple[str, str, str, str]]:
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        doc = etree.fromstring(zf.read("word/document.xml"))
    out = []
    for el in doc.iter(f"{{{W}}}ins", f"{{{W}}}del"):
        text = "".join(t.text or "" for t in el.iter(f"{{{W}}}t", f"{{{W}}}delText"))
        out.append((el.tag.rsplit("}", 1)[1], el.get(f"{{{W}}}author"), el.get(f"{{{W}}}date"),
                    text))
    return out


def test_redline_since_the_stage_began_tracks_exactly_the_revisions_since(db_session, edited):
    start = _stage_start(db_session, edited)
    since = db_session.execute(
        select(Revision.created_at, Revision.author_id).join(Section)
        .where(Section.process_id == edited.id, Revision.created_at > start.at)).all()
    expected = {(row.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")) for row in since}
    content = export_process(db_session, None, edited.id, profile="working",
                             changes_since=f"transition:{start.id}").content
    changes = _changes(content)
    kinds = {c[0] for c in changes}
    assert {"ins", "del"} <= kinds
    dates = {c[2] for c in changes}
    assert dates == expected  # every revision since shows, and nothing older
    ours = {(c[0], c[1], c[3].strip()) for c in changes}
    assert ("ins", "Daria Kovan", "today at once") in ours or (
        "ins", "Daria Kovan", "today") in ours
    assert ("ins", "Joel Marin", "national") in ours
    assert ("del", "Daria Kovan", "at the same time") in ours or any(
        c[0] == "del" and c[1] == "Daria Kovan" and "same" in c[3] for c in changes)


def test_a_redline_from_now_has_no_changes(db_session, edited):
    content = export_process(db_session, None, edited.id,
                             changes_since="2999-01-01").content
    assert _changes(content) == []


def test_a_bad_changes_since_is_refused(db_session, edited):
    for value in ("yesterday", "transition:999999", "transition:x"):
        with pytest.raises(InvalidInput):
            export_process(db_session, None, edited.id, changes_since=value)


def test_pandoc_accepting_the_changes_reads_todays_text(db_session, edited, pandoc, tmp_path):
    start = _stage_start(db_session, edited)
    path = tmp_path / "redline.docx"
    path.write_bytes(export_process(db_session, None, edited.id, profile="working",
                                    changes_since=f"transition:{start.id}").content)
    accepted = subprocess.run([pandoc, "--track-changes=accept", "-t", "plain", "--wrap=none",
                               str(path)], capture_output=True, text=True, check=True).stdout
    flat = " ".join(accepted.split())
    assert "Veloria is today at once" in flat
    assert "The national core group" in flat
    assert "at the same time" not in flat
    rejected = subprocess.run([pandoc, "--track-changes=reject", "-t", "plain", "--wrap=none",
                               str(path)], capture_output=True, text=True, check=True).stdout
    assert "Veloria is at the same time" in " ".join(rejected.split())


@pytest.mark.slow
def test_libreoffice_keeps_the_recorded_changes(db_session, edited, soffice_docx, tmp_path):
    start = _stage_start(db_session, edited)
    path = tmp_path / "redline.docx"
    path.write_bytes(export_process(db_session, None, edited.id, profile="working",
                                    changes_since=f"transition:{start.id}").content)
    resaved = soffice_docx(path)
    changes = _changes(resaved.read_bytes())
    assert any(c[0] == "ins" and c[1] == "Joel Marin" for c in changes)
    assert any(c[0] == "del" and c[1] == "Daria Kovan" for c in changes)
