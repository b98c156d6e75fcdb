"""Checks of the translation catalogues, shared by the tests (this module has no tests).

``problems()`` lists what keeps a catalogue from being shipped: an entry without a
translation, a fuzzy entry, a message of the template the catalogue lacks, a
compiled ``.mo`` that differs from its ``.po``. ``extracted_ids()`` extracts the
messages of the code with Babel, as ``pybabel extract`` does with webapp/babel.cfg.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

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
