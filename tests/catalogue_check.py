"""Checks of the translation catalogues, shared by the tests (this module has no tests).

``problems()`` lists what keeps a catalogue from being shipped: an entry without a
translation, a fuzzy entry, a message of the template the catalogue lacks, a
compiled ``.mo`` that differs from its ``.po``. ``extracted_ids()`` extracts the
messages of the code with Babel, as ``pybabel extract`` does with webapp/babel.cfg.
``english_on()`` finds the English catalogue's messages on a page in another language.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from sqlalchemy import select

REPO = Path(__file__).resolve().parents[1]
TRANSLATIONS = REPO / "webapp" / "translations"
TEMPLATE = TRANSLATIONS / "messages.pot"
#: The keywords of pybabel extract's -k options (README "Languages").
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "N_": None, "lazy_gettext": None}


def key(message_id: str | tuple[str, ...]) -> str:
    """A message's singular id (plural messages have a tuple of ids)."""
    return message_id if isinstance(message_id, str) else message_id[0]


def read(path: Path, locale: str | None = None) -> Catalog:
    with open(path, "rb") as handle:
        return read_po(handle, locale=locale)


def problems(po_path: Path, *, template: Path | None = TEMPLATE,
             source_language: bool = False) -> list[str]:
    """What is wrong with one catalogue, one line each (an empty list: ready to ship).

    In the source language (English) an empty translation is allowed: gettext shows the
    message id itself. Fuzzy entries are refused in every language: gettext ignores them.
    """
    catalog = read(po_path)
    found: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            found.append(f"{po_path}: fuzzy: {key(message.id)!r}")
        strings = message.string if isinstance(message.string, list | tuple) else (
            message.string,)
        if not source_language and not all(strings):
            found.append(f"{po_path}: untranslated: {key(message.id)!r}")
    if template is not None:
        ids = {key(m.id) for m in catalog if m.id}
        for message in read(template):
            if message.id and key(message.id) not in ids:
                found.append(f"{po_path}: missing (run pybabel update): {key(message.id)!r}")
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        found.append(f"{mo_path}: missing (run pybabel compile)")
    else:
        with open(mo_path, "rb") as handle:
            compiled = {key(m.id): _strings(m.string) for m in read_mo(handle) if m.id}
        translated = {key(m.id): _strings(m.string) for m in catalog
                      if m.id and not m.fuzzy and (m.string if isinstance(m.string, str)
                                                   else all(m.string))}
        if any(compiled.get(message_id) != string for message_id, string in translated.items()):
            found.append(f"{mo_path}: differs from its .po (run pybabel compile)")
    return found


def _strings(string: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return (string,) if isinstance(string, str) else tuple(string)


def extracted_ids(root: Path = REPO) -> set[str]:
    """Every message id the code marks, extracted as webapp/babel.cfg says."""
    with open(REPO / "webapp" / "babel.cfg") as handle:
        method_map, options_map = parse_mapping_cfg(handle, str(REPO / "webapp" / "babel.cfg"))
    return {key(message_id) for _file, _line, message_id, *_rest in extract_from_dir(
        str(root), method_map, options_map, keywords=KEYWORDS)}


# ------------------------------------------------------------ English left on a page

#: English messages that may show on a translated page, and why. Keep this short: messages
#: the French catalogue leaves as they are ("Date", "Budget", "Questionnaire") are
#: allowed by reading that catalogue, not by listing them here.
ALLOWED_ENGLISH = {
    # Proper nouns, acronyms and file formats.
    "policycycle", "SWOT", "CSV", "API", "OK", "PDF", "Word", "Markdown",
}
#: Tables whose text is not people's: the history's summaries are built by the code.
NOT_PEOPLES_TEXT = {"audit_events", "audit_heads"}


class _Visible(HTMLParser):
    """What a person reads or hears: text nodes, and the attributes shown or read out."""

    ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "data-confirm", "value"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._skip = 0
        self._json = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
            self._json = attributes.get("id") == "i18n-strings"
        for name, value in attrs:
            if value and name in self.ATTRIBUTES and not (
                    name == "value" and attributes.get("type") not in ("submit", "button")):
                self.pieces.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
            self._json = False

    def handle_data(self, data):
        if self._json:
            self.pieces.extend(json.loads(data).values())
        elif not self._skip and data.strip():
            self.pieces.append(data)


def visible_pieces(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    return [" ".join(piece.split()) for piece in parser.pieces]


def same_in(language: str, translations: Path = TRANSLATIONS) -> set[str]:
    """Messages a catalogue translates by themselves (French "Date" -> "Date")."""
    path = translations / language / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return set()
    same = set()
    for message in read(path):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple | list) else (
            message.string,)
        same |= {i for i, s in zip(ids, strings, strict=False) if i and i == s}
    return same


def peoples_text(session) -> str:
    """Every text people wrote (titles, names, bodies...), one per line.

    The demo writes in English: a section titled "Timeline" or a criterion named
    "Feasibility" is content, not an interface string left untranslated.
    """
    from sqlalchemy import String, Text

    from engine.db import Base

    texts = []
    for table in Base.metadata.sorted_tables:
        if table.name in NOT_PEOPLES_TEXT:
            continue
        columns = [c for c in table.columns if isinstance(c.type, String | Text)]
        if columns:
            for row in session.execute(select(*columns)):
                texts.extend(" ".join(value.split()) for value in row
                             if isinstance(value, str) and value)
    return "\n".join(texts)


def english_strings(translations: Path = TRANSLATIONS,
                    language: str = "fr") -> dict[str, re.Pattern[str]]:
    """The source catalogue's messages, each as a pattern that finds it on a page.

    A message without placeholders must fill a whole text piece (a one-word label like
    "Members" must not match the title of a section someone wrote in English) or, from
    three words on, appear inside one. A message with placeholders matches through its
    literal parts of two words or more.
    """
    patterns: dict[str, re.Pattern[str]] = {}
    allowed = ALLOWED_ENGLISH | same_in(language, translations)
    for message in read(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"):
        if not message.id:
            continue
        for msgid in (message.id if isinstance(message.id, tuple) else (message.id,)):
            text = " ".join(msgid.split())
            if text in allowed or not re.search(r"[A-Za-z]{2}", text):
                continue
            parts = [p.strip() for p in re.split(r"%\(\w+\)[sd]|%[sd]", text)]
            if len(parts) == 1:
                pattern = re.escape(text)
                if len(text.split()) < 3:
                    pattern = "^" + pattern + "$"
                patterns[text] = re.compile(pattern)
            else:
                literal = [p for p in parts
                           if len([w for w in p.split() if re.search("[A-Za-z]{2}", w)]) >= 2]
                if literal:
                    patterns[text] = re.compile("|".join(re.escape(p) for p in literal))
    return patterns


def english_on(html: str, patterns: dict[str, re.Pattern[str]], people: str = "") -> set[str]:
    """The messages found on the page, leaving out what people wrote.

    A piece of the page that is people's text is skipped, and so is a match that people
    also wrote (a data source named "Register of foreigners" in a longer option label).
    """
    found = set()
    for piece in visible_pieces(html):
        if people and piece in people:
            continue
        for msgid, pattern in patterns.items():
            match = pattern.search(piece)
            if match and not (people and match.group(0) in people):
                found.add(msgid)
    return found
