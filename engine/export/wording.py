"""The words the Word and Markdown exports print around the text, in each document language.

A document is written in one language (``ExportDocument.language``); its
cover labels, "Contents", "Annex A", "Table A.1", the captions and its dates
and numbers follow it. A house style's TOML may still override any label
(``[labels]`` for English, ``[labels.fr]`` and so on); what it leaves out
comes from the tables below, so every house style speaks the five document
languages. Dates and numbers are formatted by Babel in the document's locale,
one format per language.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

__all__ = [
    "DOCUMENT_LANGUAGES",
    "LABELS",
    "LANGUAGE_NAMES",
    "babel_locale",
    "label",
    "long_date",
    "number",
    "short_date",
]

#: The languages a document can be written in, and their names in themselves.
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "pt": "Português",
    "ru": "Русский",
}
DOCUMENT_LANGUAGES: tuple[str, ...] = tuple(LANGUAGE_NAMES)

# The locale whose conventions a document language uses for dates and numbers
# (English documents follow the British usage the house styles were made with).
_LOCALES = {"en": "en_GB", "fr": "fr_FR", "es": "es_ES", "pt": "pt_PT", "ru": "ru_RU"}

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "country": "Country", "requesting_institution": "Requesting institution",
        "workflow": "Process", "stage": "Stage", "status": "Status", "version": "Version",
        "date": "Date", "annex": "Annex", "page": "Page", "of": "of", "table": "Table",
        "contents": "Contents", "translation": "Translation", "draft": "DRAFT",
        "validated": "VALIDATED",
    },
    "fr": {
        "country": "Pays", "requesting_institution": "Institution requérante",
        "workflow": "Processus", "stage": "Étape", "status": "Statut", "version": "Version",
        "date": "Date", "annex": "Annexe", "page": "Page", "of": "sur", "table": "Tableau",
        "contents": "Table des matières", "translation": "Traduction", "draft": "PROJET",
        "validated": "VALIDÉ",
    },
    "es": {
        "country": "País", "requesting_institution": "Institución solicitante",
        "workflow": "Proceso", "stage": "Etapa", "status": "Estado", "version": "Versión",
        "date": "Fecha", "annex": "Anexo", "page": "Página", "of": "de", "table": "Cuadro",
        "contents": "Índice", "translation": "Traducción", "draft": "BORRADOR",
        "validated": "VALIDADO",
    },
    "pt": {
        "country": "País", "requesting_institution": "Instituição requerente",
        "workflow": "Processo", "stage": "Etapa", "status": "Estado", "version": "Versão",
        "date": "Data", "annex": "Anexo", "page": "Página", "of": "de", "table": "Quadro",
        "contents": "Índice", "translation": "Tradução", "draft": "PROJETO",
        "validated": "VALIDADO",
    },
    "ru": {
        "country": "Страна", "requesting_institution": "Запрашивающее учреждение",
        "workflow": "Процесс", "stage": "Этап", "status": "Статус", "version": "Версия",
        "date": "Дата", "annex": "Приложение", "page": "Страница", "of": "из",
        "table": "Таблица", "contents": "Содержание", "translation": "Перевод",
        "draft": "ПРОЕКТ", "validated": "УТВЕРЖДЕНО",
    },
}  # fmt: skip


def language_of(code: str | None) -> str:
    """The bare language of a code (``fr-FR`` -> ``fr``), English when unknown."""
    language = (code or "en").replace("_", "-").split("-")[0].lower()
    return language if language in LABELS else "en"


def babel_locale(code: str | None) -> str:
    return _LOCALES[language_of(code)]


def label(key: str, code: str | None) -> str | None:
    """The default label ``key`` in a document language (None: no such label)."""
    return LABELS[language_of(code)].get(key) or LABELS["en"].get(key)


def long_date(value: date, code: str | None) -> str:
    """"5 March 2026", "5 mars 2026", "5 de marzo de 2026", "5 марта 2026 г."."""
    return format_date(value, "long", locale=babel_locale(code))


def short_date(value: date | None, code: str | None) -> str:
    """A date in a table cell: "05 Mar 2026", "5 mars 2026", "5 мар. 2026 г."."""
    if value is None:
        return ""
    if language_of(code) == "en":
        return format_date(value, "dd MMM y", locale="en_GB")
    return format_date(value, "medium", locale=babel_locale(code))


def number(value: int | float | Decimal, code: str | None) -> str:
    """A number with the thousands separator of the document language."""
    return format_decimal(value, locale=babel_locale(code))
