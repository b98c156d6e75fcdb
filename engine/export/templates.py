"""Word house styles: a ``.docx`` carrying the styles plus a TOML of settings.

A template is ``<name>.docx`` in ``document_templates/`` with an optional
``<name>.toml`` next to it.  The ``.docx`` supplies the look (styles, page
size and margins, fonts, colours); the TOML says what to print around the
body (cover page, contents, labels, marking colours, annex order, header and
footer text).  A ministry can replace the ``.docx`` by its own, as long as it
keeps the standard style names, without touching code.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import wording

__all__ = [
    "DEFAULT_TEMPLATE",
    "TEMPLATE_DIR",
    "TemplateError",
    "TemplateInfo",
    "TemplateSettings",
    "list_templates",
    "load_template",
]

DEFAULT_TEMPLATE = "ministry"
TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "document_templates"

DEFAULT_LABELS: dict[str, str] = {
    "country": "Country",
    "requesting_institution": "Requesting institution",
    "workflow": "Process",
    "stage": "Stage",
    "status": "Status",
    "version": "Version",
    "date": "Date",
    "annex": "Annex",
    "page": "Page",
    "of": "of",
    "table": "Table",
    "contents": "Contents",
    "issuing_body": "Issuing body",
    "draft": "Draft",
    "validated": "Validated",
    "to_be_drafted": "(to be drafted)",
    "abbreviations": "Abbreviations",
}

DEFAULT_DATE_FORMAT = "{day} {month_name} {year}"

DEFAULT_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]  # fmt: skip

# Logical roles the exporter needs, mapped to Word style names (matched
# case-insensitively, as Word stores built-ins as "heading 1", "toc 1").
# Each role lists fallbacks; a role with no style in the template gets
# direct formatting instead, so a sparse ministry template still works.
DEFAULT_STYLES: dict[str, tuple[str, ...]] = {
    "body": ("Body Text", "Normal"),
    "title": ("Title",),
    "subtitle": ("Subtitle",),
    "heading1": ("Heading 1",),
    "heading2": ("Heading 2",),
    "heading3": ("Heading 3",),
    "heading4": ("Heading 4",),
    "heading5": ("Heading 5",),
    "heading6": ("Heading 6",),
    "list_bullet1": ("List Bullet", "List Paragraph"),
    "list_bullet2": ("List Bullet 2", "List Bullet", "List Paragraph"),
    "list_bullet3": ("List Bullet 3", "List Bullet 2", "List Bullet", "List Paragraph"),
    "list_number1": ("List Number", "List Paragraph"),
    "list_number2": ("List Number 2", "List Number", "List Paragraph"),
    "list_number3": ("List Number 3", "List Number 2", "List Number", "List Paragraph"),
    "list_continue1": ("List Continue", "List Paragraph"),
    "list_continue2": ("List Continue 2", "List Continue", "List Paragraph"),
    "list_continue3": ("List Continue 3", "List Continue 2", "List Continue", "List Paragraph"),
    "quote": ("Quote", "Block Text"),
    "code_block": ("Code Block", "Source Code", "macro", "Plain Text"),
    "inline_code": ("Inline Code", "Verbatim Char", "HTML Code"),
    "hyperlink": ("Hyperlink",),
    "footnote_text": ("footnote text",),
    "footnote_reference": ("footnote reference",),
    "comment_text": ("annotation text",),
    "comment_reference": ("annotation reference",),
    "caption": ("Table Caption", "caption"),
    "table": ("Policy Table", "Table Grid"),
    "table_text": ("Table Text",),
    "table_heading": ("Table Heading", "Table Text"),
    "toc_heading": ("TOC Heading",),
    "toc1": ("toc 1",),
    "toc2": ("toc 2",),
    "toc3": ("toc 3",),
    "header": ("header",),
    "footer": ("footer",),
    "cover_label": ("Cover Label",),
    "cover_value": ("Cover Value",),
    "cover_country": ("Cover Country", "Cover Label"),
    "marking": ("Marking",),
    "annex_heading": ("Annex Heading", "Heading 1"),
}


class TemplateError(LookupError):
    """No such template, or its TOML is invalid."""


def _bool(data: Mapping[str, Any], key: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise TemplateError(f"{key} must be true or false")
    return value


def _str(data: Mapping[str, Any], key: str, default: str) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise TemplateError(f"{key} must be a string")
    return value


def _color(value: str) -> str:
    value = value.strip().lstrip("#").upper()
    if len(value) != 6 or any(c not in "0123456789ABCDEF" for c in value):
        raise TemplateError(f"invalid colour {value!r}, expected RRGGBB")
    return value


@dataclass(frozen=True)
class TemplateSettings:
    """Front-matter and layout settings read from a template's TOML."""

    title: str = ""
    description: str = ""
    cover_page: bool = True
    table_of_contents: bool = True
    page_break_before_level1: bool = False
    annex_page_break: bool = True
    labels: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_LABELS))
    localized_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    months: tuple[str, ...] = tuple(DEFAULT_MONTHS)
    localized_months: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    date_format: str = "{day} {month_name} {year}"
    marking_colors: Mapping[str, str] = field(
        default_factory=lambda: {"DRAFT": "B42318", "VALIDATED": "1E7B34"}
    )
    marking_default_color: str = "7A4E00"
    marking_on_cover: bool = True
    annex_order: tuple[str, ...] = ("*",)
    annex_separator: str = " — "
    header_mode: str = "generated"  # or "template": keep the .docx's own header
    header: str = "{title}\t{marking}"
    footer: str = "{institution}\t{page_label} {page} {of} {pages}"
    first_page_header: str = ""
    first_page_footer: str = ""
    heading_number_separator: str = "\t"
    style_names: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: DEFAULT_STYLES)
    bullets: tuple[str, ...] = ("•", "–", "▪")
    number_formats: tuple[tuple[str, str], ...] = (
        ("decimal", "%{n}."),
        ("lowerLetter", "%{n})"),
        ("lowerRoman", "%{n}."),
    )
    list_indent_twips: int = 360

    @classmethod
    def from_toml(cls, data: Mapping[str, Any]) -> TemplateSettings:
        """Build settings from a parsed TOML document, with defaults."""
        tpl = data.get("template", {})
        front = data.get("front_matter", {})
        marking = data.get("marking", {})
        header = data.get("header", {})
        footer = data.get("footer", {})
        lists = data.get("lists", {})
        raw_labels = data.get("labels", {})

        labels = dict(DEFAULT_LABELS)
        localized: dict[str, dict[str, str]] = {}
        localized_months: dict[str, tuple[str, ...]] = {}
        months = list(DEFAULT_MONTHS)
        for key, value in raw_labels.items():
            if isinstance(value, dict):  # [labels.fr] and friends
                localized[key] = {str(k): str(v) for k, v in value.items() if k != "months"}
                if "months" in value:
                    if not (isinstance(value["months"], list) and len(value["months"]) == 12):
                        raise TemplateError(f"labels.{key}.months must list 12 month names")
                    localized_months[key] = tuple(str(v) for v in value["months"])
            elif key == "months":
                if not (isinstance(value, list) and len(value) == 12):
                    raise TemplateError("labels.months must list 12 month names")
                months = [str(v) for v in value]
            else:
                labels[key] = str(value)

        if "contents_title" in front:
            labels["contents"] = _str(front, "contents_title", "Contents")

        colors = {"DRAFT": "B42318", "VALIDATED": "1E7B34"}
        for key, value in marking.get("colors", {}).items():
            colors[str(key).upper()] = _color(str(value))

        styles = dict(DEFAULT_STYLES)
        for role, name in data.get("styles", {}).items():
            if role not in DEFAULT_STYLES:
                raise TemplateError(f"unknown style role {role!r}")
            names = [name] if isinstance(name, str) else list(name)
            # The configured name first, then the built-in fallbacks.
            styles[role] = tuple(dict.fromkeys([*names, *DEFAULT_STYLES[role]]))

        number_formats = cls.number_formats
        if "number_formats" in lists:
            number_formats = tuple((str(f), str(t)) for f, t in lists["number_formats"])

        header_mode = _str(header, "mode", "generated")
        if header_mode not in ("generated", "template"):
            raise TemplateError("header.mode must be 'generated' or 'template'")

        annex_order = data.get("annexes", {}).get("order", ["*"])
        return cls(
            title=_str(tpl, "title", ""),
            description=_str(tpl, "description", ""),
            cover_page=_bool(front, "cover_page", True),
            table_of_contents=_bool(front, "table_of_contents", True),
            page_break_before_level1=_bool(front, "page_break_before_level1", False),
            annex_page_break=_bool(front, "annex_page_break", True),
            labels=labels,
            localized_labels=localized,
            months=tuple(months),
            localized_months=localized_months,
            date_format=_str(front, "date_format", "{day} {month_name} {year}"),
            marking_colors=colors,
            marking_default_color=_color(marking.get("default_color", "7A4E00")),
            marking_on_cover=_bool(marking, "on_cover", True),
            annex_order=tuple(str(k) for k in annex_order),
            annex_separator=_str(data.get("annexes", {}), "separator", " — "),
            header_mode=header_mode,
            header=_str(header, "text", cls.header),
            first_page_header=_str(header, "first_page", ""),
            footer=_str(footer, "text", cls.footer),
            first_page_footer=_str(footer, "first_page", ""),
            heading_number_separator=_str(front, "heading_number_separator", "\t"),
            style_names=styles,
            bullets=tuple(str(b) for b in lists.get("bullets", cls.bullets)),
            number_formats=number_formats,
            list_indent_twips=int(lists.get("indent_twips", 360)),
        )

    def label(self, key: str, language: str = "en") -> str:
        """A label in the document's language: the TOML's table for that language,
        then (English) its ``[labels]``, then the five-language defaults of
        :mod:`engine.export.wording`."""
        lang = self.localized_labels.get(language) or self.localized_labels.get(
            language.split("-")[0], {}
        )
        english = wording.language_of(language) == "en"
        return (lang.get(key) or (self.labels.get(key) if english else None)
                or wording.label(key, language) or self.labels.get(key)
                or DEFAULT_LABELS.get(key, key))

    def format_date(self, value: date, language: str = "en") -> str:
        """A date in the template's format and the document's language.

        The default pattern ("5 March 2026") is Babel's long date of the
        language unless the TOML names that language's months itself.
        """
        months = (
            self.localized_months.get(language)
            or self.localized_months.get(language.split("-")[0])
        )
        if months is None and "{month_name}" in self.date_format:
            if self.date_format == DEFAULT_DATE_FORMAT or wording.language_of(language) != "en":
                return wording.long_date(value, language)
        return self.date_format.format(
            day=value.day, month=value.month, month_name=(months or self.months)[value.month - 1],
            year=value.year,
        )

    def marking_color(self, marking: str) -> str:
        """Colour (RRGGBB) of a DRAFT/VALIDATED marking."""
        return self.marking_colors.get(marking.upper(), self.marking_default_color)


@dataclass(frozen=True)
class TemplateInfo:
    """A house style: its name, title, ``.docx`` and TOML settings."""

    name: str
    title: str
    docx: Path
    settings: TemplateSettings
    toml: Path | None = None


def _info_for(docx: Path) -> TemplateInfo:
    toml_path = docx.with_suffix(".toml")
    if toml_path.is_file():
        try:
            data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise TemplateError(f"{toml_path}: {exc}") from exc
        settings = TemplateSettings.from_toml(data)
    else:
        toml_path = None
        settings = TemplateSettings()
    title = settings.title or docx.stem.replace("_", " ").replace("-", " ").capitalize()
    return TemplateInfo(docx.stem, title, docx, settings, toml_path)


def list_templates(directory: str | Path | None = None) -> list[TemplateInfo]:
    """All templates (``*.docx``) in a directory, sorted by name."""
    root = Path(directory) if directory is not None else TEMPLATE_DIR
    if not root.is_dir():
        return []
    return [_info_for(p) for p in sorted(root.glob("*.docx")) if not p.name.startswith("~$")]


def template_names(directory: str | Path | None = None) -> list[str]:
    """The house styles installed in the templates folder."""
    return [t.name for t in list_templates(directory)]


def load_template(
    name_or_path: str | Path | TemplateInfo | None = None,
    directory: str | Path | None = None,
) -> TemplateInfo:
    """Find a template by name (in ``directory``) or by path to its .docx/.toml."""
    if name_or_path is None:
        name_or_path = DEFAULT_TEMPLATE
    if isinstance(name_or_path, TemplateInfo):
        return name_or_path
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or any(c in text for c in "/\\."):
        path = Path(text)
        if path.suffix.lower() == ".toml":
            path = path.with_suffix(".docx")
        elif path.suffix.lower() != ".docx":
            path = path.parent / (path.name + ".docx")
    else:
        root = Path(directory) if directory is not None else TEMPLATE_DIR
        path = root / f"{text}.docx"
    if not path.is_file():
        raise TemplateError(f"no such template: {name_or_path}")
    return _info_for(path)
