"""Offline Word edits imported back: tracked and untracked changes become suggestions in
their sections, Word comments become comments, and a LibreOffice re-save imports as well."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select

from engine.errors import InvalidInput
from engine.models import Comment, DocumentImport, Process, Section, Suggestion
from engine.services import track_changes
from engine.services.exports import export_process
from engine.services.imports import import_docx
from engine.services.users import by_email

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
_W = f"{{{W}}}"
DATE = "2026-11-20T10:00:00Z"


@pytest.fixture
def policy(db_session, catalog) -> Process:
    from engine.demo import load_demo, migration_policy

    load_demo(db_session, catalog)
    return db_session.scalars(select(Process).where(Process.title == migration_policy.TITLE)).one()


def _section(db_session, process, key) -> Section:
    return db_session.scalars(
        select(Section).where(Section.process_id == process.id, Section.key == key)).one()


def _heading(doc, section: Section):
    for start in doc.iter(_W + "bookmarkStart"):
        if start.get(_W + "name", "").split("_")[3:4] == [str(section.id)]:
            return start.getparent()
    raise AssertionError(f"no mark for {section.title}")


def _first_run_with(paragraph_after, word: str):
    node = paragraph_after.getnext()
    while node is not None:
        for run in node.iter(_W + "r"):
            t = run.find(_W + "t")
            if t is not None and word in (t.text or ""):
                return run
        node = node.getnext()
    raise AssertionError(word)


def _r(text: str, deleted: bool = False):
    run = etree.Element(_W + "r")
    t = etree.SubElement(run, _W + ("delText" if deleted else "t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def _track(doc, section: Section, old: str, new: str, author: str, cid: int) -> None:
    """Replace ``old`` by ``new`` the way Word records it: w:del then w:ins, split runs."""
    run = _first_run_with(_heading(doc, section), old)
    text = run.find(_W + "t").text
    before, after = text.split(old, 1)
    parent = run.getparent()
    index = parent.index(run)
    rpr = run.find(_W + "rPr")
    pieces = []
    if before:
        pieces.append(_r(before))
    deleted = etree.Element(_W + "del", {_W + "id": str(cid), _W + "author": author,
                                         _W + "date": DATE})
    deleted.append(_r(old, deleted=True))
    inserted = etree.Element(_W + "ins", {_W + "id": str(cid + 1), _W + "author": author,
                                          _W + "date": DATE})
    inserted.append(_r(new))
    pieces += [deleted, inserted]
    if after:
        pieces.append(_r(after))
    parent.remove(run)
    for offset, piece in enumerate(pieces):
        if rpr is not None:
            for r in piece.iter(_W + "r"):
                r.insert(0, copy.deepcopy(rpr))
        parent.insert(index + offset, piece)


def edit_like_word(content: bytes, db_session, process) -> bytes:
    """Tracked edits in three sections by two people, a comment, a retitled heading and
    an untracked paragraph in a fourth section."""
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    doc = etree.fromstring(parts["word/document.xml"])
    issues = _section(db_session, process, "issues")
    mandate = _section(db_session, process, "mandate")
    swot = _section(db_session, process, "swot")
    vision = _section(db_session, process, "rationale_vision")
    _track(doc, issues, "at the same time", "at once", "Joel Marin", 900001)
    _track(doc, mandate, "core group", "national core group", "Henrik Aalto", 900003)
    _track(doc, swot, "A large, organised diaspora", "A large and organised diaspora",
           "Someone Outside", 900005)
    # A comment on a passage of the mandate section.
    run = _first_run_with(_heading(doc, mandate), "national core group")
    run.addprevious(etree.Element(_W + "commentRangeStart", {_W + "id": "77"}))
    end = etree.Element(_W + "commentRangeEnd", {_W + "id": "77"})
    run.addnext(end)
    reference = etree.Element(_W + "r")
    etree.SubElement(reference, _W + "commentReference", {_W + "id": "77"})
    end.addnext(reference)
    # Retitle the Data and evidence heading.
    evidence = _heading(doc, _section(db_session, process, "evidence"))
    texts = list(evidence.iter(_W + "t"))
    texts[0].text, texts[1:] = "Evidence base", [t.getparent().remove(t) for t in texts[1:]]
    # An untracked paragraph at the end of the vision section.
    anchor = _heading(doc, vision).getnext()
    while not any(b.get(_W + "name", "").startswith("PC_")
                  for b in anchor.getnext().iter(_W + "bookmarkStart")):
        anchor = anchor.getnext()  # up to the next section's heading
    added = etree.Element(_W + "p")
    added.append(_r("The vision will be reviewed in 2030."))
    anchor.addnext(added)
    parts["word/document.xml"] = etree.tostring(doc, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    comments = etree.fromstring(parts["word/comments.xml"]) if "word/comments.xml" in parts \
        else None
    if comments is None:
        pytest.fail("the working export carries a comments part")
    note = etree.SubElement(comments, _W + "comment", {
        _W + "id": "77", _W + "author": "Henrik Aalto", _W + "initials": "HA", _W + "date": DATE})
    p = etree.SubElement(note, _W + "p")
    p.append(_r("Which institutions exactly?"))
    parts["word/comments.xml"] = etree.tostring(comments, xml_declaration=True,
                                                encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out.getvalue()


def _check(db_session, process, data: bytes) -> None:
    lead = by_email(db_session, "lead@demo.policycycle.org")
    original = {key: _section(db_session, process, key).body
                for key in ("issues", "mandate", "swot", "rationale_vision")}
    before_comments = db_session.scalar(select(Comment.id).order_by(Comment.id.desc()).limit(1))
    result = import_docx(db_session, lead, process, data, filename="edited.docx").as_dict()
    assert result["suggestions"] == 4
    assert result["comments"] == 1
    retitled = [u for u in result["unmatched"] if u["kind"] == "title"]
    assert [u["text"] for u in retitled] == ["Evidence base"]
    suggestions = db_session.scalars(select(Suggestion).where(
        Suggestion.process_id == process.id, Suggestion.source == "import")).all()
    by_key = {db_session.get(Section, s.section_id).key: s for s in suggestions}
    assert set(by_key) == {"issues", "mandate", "swot", "rationale_vision"}
    # Attribution: members by name; an unknown Word author is kept as a label.
    assert by_key["issues"].author.name == "Joel Marin"
    assert by_key["mandate"].author.name == "Henrik Aalto"
    assert by_key["swot"].author_id == lead.id and by_key["swot"].author_label == "Someone Outside"
    comment = db_session.scalars(select(Comment).where(Comment.id > (before_comments or 0))).one()
    assert comment.section.key == "mandate" and comment.author.name == "Henrik Aalto"
    # Its passage is words the suggestion inserts, not yet in the text: the comment
    # quotes it in its body instead of anchoring on it.
    assert comment.body.endswith("Which institutions exactly?")
    assert comment.quote == "national core group" or "“national core group”" in comment.body
    for suggestion in suggestions:
        track_changes.accept(db_session, lead, suggestion)
    db_session.flush()
    # Exactly the edits, and the Markdown around them (bold, lists, headings) untouched.
    for key, old, new in (("issues", "at the same time", "at once"),
                          ("mandate", "core group", "national core group"),
                          ("swot", "A large, organised diaspora", "A large and organised diaspora")):
        assert _section(db_session, process, key).body == original[key].replace(old, new, 1)
    vision = _section(db_session, process, "rationale_vision").body
    assert vision.rstrip().endswith("The vision will be reviewed in 2030.")
    assert vision.startswith(original["rationale_vision"].rstrip())
    assert db_session.get(DocumentImport, result["id"]).suggestions == 4


def test_word_edits_become_suggestions_and_comments(db_session, policy):
    content = export_process(db_session, None, policy.id, profile="working").content
    _check(db_session, policy, edit_like_word(content, db_session, policy))


@pytest.mark.slow
def test_a_libreoffice_resave_imports_as_well(db_session, policy, soffice_docx, tmp_path):
    content = export_process(db_session, None, policy.id, profile="working").content
    path = Path(tmp_path) / "edited.docx"
    path.write_bytes(edit_like_word(content, db_session, policy))
    _check(db_session, policy, soffice_docx(path).read_bytes())


def test_an_unedited_export_imports_as_nothing(db_session, policy):
    lead = by_email(db_session, "lead@demo.policycycle.org")
    for profile in ("working", "publication"):
        content = export_process(db_session, None, policy.id, profile=profile).content
        result = import_docx(db_session, lead, policy, content).as_dict()
        assert result["suggestions"] == 0 and result["comments"] == 0
        assert result["unmatched"] == []


def test_a_file_of_another_process_is_refused_with_the_reason(db_session, policy):
    from engine.demo import immigration_strategy

    other = db_session.scalars(
        select(Process).where(Process.title == immigration_strategy.TITLE)).one()
    lead = by_email(db_session, "lead@demo.policycycle.org")
    content = export_process(db_session, None, other.id, profile="working").content
    with pytest.raises(InvalidInput, match="another process"):
        import_docx(db_session, lead, policy, content)
    content = export_process(db_session, None, policy.id, site="abc123").content
    with pytest.raises(InvalidInput, match="another installation"):
        import_docx(db_session, lead, policy, content)
    assert db_session.scalar(select(DocumentImport.id)) is None
