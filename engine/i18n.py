"""Messages the engine emits, and their rendering in a reader's language.

The engine never builds a sentence for one language. It returns a
``Message``: an English msgid with ``%(name)s`` placeholders, its parameters
and, for plurals, the plural msgid and the count. ``Message.english()`` is the
text the engine has always shown (kept in ``.message`` attributes and the
audit log); ``render(message, locale)`` translates it through the engine's own
catalogue (domain ``engine`` under ``engine/translations``), so that any
adapter (the web pages, mails, the Word export) can show it in the reader's
language without the engine knowing about requests.

Mark strings with ``msg()`` / ``nmsg()`` (they build the Message) or ``N_``
(a no-op for tables): ``pybabel extract -F engine/babel.cfg`` finds all three.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.lists import format_list
from babel.support import NullTranslations, Translations

DOMAIN = "engine"
TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"

__all__ = [
    "DOMAIN",
    "Items",
    "LocalizedText",
    "Message",
    "N_",
    "from_data",
    "msg",
    "nmsg",
    "render",
    "render_value",
    "to_data",
    "translations",
]


def N_(text: str) -> str:  # noqa: N802 - the conventional gettext no-op marker
    """Mark a string for translation without translating it here."""
    return text


@dataclass(frozen=True)
class Message:
    """A sentence to show: msgid, parameters and, for plurals, the plural msgid and count.

    Parameter values may be plain values, other Messages (vocabulary labels),
    ``Items`` (lists joined in the reader's language) or ``LocalizedText``
    (workflow titles); other values show as Python formats them. ``count``
    is also available as ``%(count)s``.
    """

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    plural: str | None = None
    count: int | None = None

    def english(self) -> str:
        """The text in English, as the engine wrote it before translation existed."""
        return render(self, "en")

    def __str__(self) -> str:
        return self.english()

    def as_data(self) -> dict[str, Any]:
        return to_data(self)


def msg(key: str, /, **params: Any) -> Message:
    """A message; ``key`` is the English msgid (extracted by pybabel)."""
    return Message(key, params)


def nmsg(singular: str, plural: str, count: int, /, **params: Any) -> Message:
    """A message whose wording depends on ``count`` (the language's plural rules)."""
    return Message(singular, {"count": count, **params}, plural, count)


@dataclass(frozen=True)
class Items:
    """A list shown as one phrase: "A, B and C" (``style="and"``), "A or B" (``"or"``),
    or phrases separated by semicolons (``"semicolon"``).

    ``lower`` lowercases each rendered item (labels used inside a sentence).
    """

    values: tuple[Any, ...]
    style: str = "and"
    lower: bool = False

    def __init__(self, values: Iterable[Any], style: str = "and", lower: bool = False) -> None:
        object.__setattr__(self, "values", tuple(values))
        object.__setattr__(self, "style", style)
        object.__setattr__(self, "lower", lower)


class LocalizedText(str):
    """A text written in several languages; as a ``str`` it is the English one.

    Workflow files give titles either as a plain string (English) or as a
    table ``{en = "...", fr = "..."}``. Code that knows nothing of languages
    keeps using the value as English text; pages call ``.get(locale)``.
    """

    translations: Mapping[str, str]

    def __new__(cls, english: str, translations: Mapping[str, str] | None = None) -> LocalizedText:
        text = super().__new__(cls, english)
        text.translations = {"en": english, **dict(translations or {})}
        return text

    @classmethod
    def of(cls, value: str | Mapping[str, str]) -> LocalizedText:
        """From a plain string (English) or a language table (which must hold ``en``)."""
        if isinstance(value, LocalizedText):
            return value
        if isinstance(value, Mapping):
            return cls(value["en"], value)
        return cls(value)

    def get(self, locale: str | Locale | None) -> str:
        """The text in ``locale`` (its language), English when there is no translation."""
        language = _language(locale)
        return self.translations.get(language) or str(self)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.translations)

    def to_data(self) -> str | dict[str, str]:
        """A plain string when only English is known, the language table otherwise."""
        if set(self.translations) == {"en"}:
            return str(self)
        return dict(self.translations)

    def __reduce__(self) -> tuple[Any, ...]:
        return (LocalizedText, (str(self), dict(self.translations)))


def _language(locale: str | Locale | None) -> str:
    if locale is None:
        return "en"
    if isinstance(locale, Locale):
        return locale.language
    return str(locale).replace("-", "_").split("_")[0].lower() or "en"


@lru_cache(maxsize=32)
def translations(language: str) -> NullTranslations:
    """The engine catalogue for ``language`` (NullTranslations for English or a missing one)."""
    if language == "en":
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS_DIR), [language], DOMAIN)


def render(message: Message | str, locale: str | Locale | None = None) -> str:
    """``message`` in the language of ``locale``; a plain string is returned as is."""
    if not isinstance(message, Message):
        return render_value(message, locale)
    language = _language(locale)
    catalogue = translations(language)
    if message.plural is not None:
        template = catalogue.ngettext(message.key, message.plural, int(message.count or 0))
    else:
        template = catalogue.gettext(message.key)
    values = {name: render_value(value, locale) for name, value in message.params.items()}
    try:
        return template % values if values or "%(" in template else template
    except (KeyError, ValueError, TypeError):
        # A catalogue entry that names another placeholder: better English than nothing.
        return message.key % values if values else message.key


def render_value(value: Any, locale: str | Locale | None) -> Any:
    """A parameter in the reader's language: Messages, lists, localized texts."""
    if isinstance(value, Message):
        return render(value, locale)
    if isinstance(value, LocalizedText):
        return value.get(locale)
    if isinstance(value, Items):
        texts = [str(render_value(item, locale)) for item in value.values]
        if value.lower:
            texts = [text.lower() for text in texts]
        return _join(texts, value.style, locale)
    return value


def _join(texts: Sequence[str], style: str, locale: str | Locale | None) -> str:
    if not texts:
        return ""
    language = _language(locale)
    if style == "semicolon":
        return "; ".join(texts)
    if language == "en":
        # The house wording of English lines: "missing: A, B, C" and "A or B".
        return (" or " if style == "or" else ", ").join(texts)
    return format_list(list(texts), "or" if style == "or" else "standard", locale=language)


# ----------------------------------------------------------------- storage
# Messages kept in the database (failing checks of an overridden gate) are
# stored as data, never as translated text.


def to_data(value: Any) -> Any:
    """A JSON-able form of a message parameter (``from_data`` reads it back)."""
    if isinstance(value, Message):
        data: dict[str, Any] = {"msgid": value.key,
                                "params": {k: to_data(v) for k, v in value.params.items()}}
        if value.plural is not None:
            data["plural"] = value.plural
            data["count"] = value.count
        return data
    if isinstance(value, LocalizedText):
        return {"text": dict(value.translations)}
    if isinstance(value, Items):
        return {"items": [to_data(v) for v in value.values], "style": value.style,
                "lower": value.lower}
    if isinstance(value, list | tuple):
        return [to_data(v) for v in value]
    return value


def from_data(data: Any) -> Any:
    """The Message (or parameter) that ``to_data`` stored."""
    if isinstance(data, Mapping):
        if "msgid" in data:
            params = {k: from_data(v) for k, v in (data.get("params") or {}).items()}
            return Message(str(data["msgid"]), params, data.get("plural"), data.get("count"))
        if "text" in data and isinstance(data["text"], Mapping):
            return LocalizedText.of(data["text"])
        if "items" in data:
            return Items([from_data(v) for v in data["items"]], data.get("style", "and"),
                         bool(data.get("lower", False)))
    if isinstance(data, list):
        return [from_data(v) for v in data]
    return data


# ----------------------------------------------------------------- the catalogue

#: How ``pybabel extract -F engine/babel.cfg`` finds the engine's strings.
KEYWORDS = {"msg": None, "nmsg": (1, 2), "N_": None}


def source_msgids(root: Path | None = None) -> set[str | tuple[str, str]]:
    """Every msgid marked in the engine's code (what extraction puts in ``engine.pot``)."""
    from babel.messages.extract import extract_from_dir

    found: set[str | tuple[str, str]] = set()
    directory = root or Path(__file__).resolve().parent
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(directory), method_map=[("**.py", "python")], keywords=KEYWORDS,
    ):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def catalogue_gaps(po_path: Path | str, msgids: Iterable[Any] = ()) -> list[str]:
    """What keeps a catalogue from being complete: one line per untranslated or fuzzy entry.

    ``msgids`` (e.g. ``source_msgids()``) must all be in the catalogue; entries
    with an empty form, the fuzzy flag, or fewer plural forms than the
    language has, are reported.
    """
    from babel.messages.pofile import read_po

    with open(po_path, "rb") as handle:
        catalogue = read_po(handle)
    gaps: list[str] = []
    present = set()
    for entry in catalogue:
        if not entry.id:
            continue
        present.add(entry.id)
        key = entry.id if isinstance(entry.id, str) else entry.id[0]
        if entry.fuzzy:
            gaps.append(f"fuzzy: {key!r}")
        strings = entry.string if isinstance(entry.string, tuple | list) else (entry.string,)
        if isinstance(entry.id, tuple) and len(strings) < catalogue.num_plurals:
            gaps.append(f"missing plural forms: {key!r}")
        if not all(strings):
            gaps.append(f"untranslated: {key!r}")
    for msgid in msgids:
        if msgid not in present:
            key = msgid if isinstance(msgid, str) else msgid[0]
            gaps.append(f"not in the catalogue: {key!r}")
    return gaps
