"""The one Markdown renderer of the product, with HTML sanitising.

Section texts and comments are written by many people, so everything rendered here is
untrusted: Markdown (which passes raw HTML through) is converted first and the result
is then cleaned by nh3 with an explicit allow-list.  Sanitising *after* rendering is
what makes this safe; Markdown's own escaping is not relied upon.

Element ids (heading anchors, footnotes) are prefixed with :data:`ID_PREFIX` so that a
heading called "Comments" cannot clobber the page's own ``id="comments"`` (DOM
clobbering); in-document links ``href="#x"`` are rewritten to match.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from html.parser import HTMLParser

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.inlinepatterns import SimpleTagInlineProcessor

__all__ = ["ID_PREFIX", "plain_text", "render_inline", "render_markdown"]

ID_PREFIX = "md-"

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_INLINE_TAGS = {"br", "strong", "em", "del", "s", "code", "a", "sup", "sub", "span", "mark"}
_BLOCK_TAGS = {
    "p",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "div",
}
ALLOWED_TAGS = frozenset(_HEADINGS | _INLINE_TAGS | _BLOCK_TAGS)

_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"title"},  # plain text tooltip; harmless once the value is escaped
    "a": {"href"},
    "sup": {"id"},  # footnote reference
    "li": {"id"},  # footnote body
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    **{h: {"id"} for h in _HEADINGS},
}
# Alignment of table columns (tables extension with use_align_attribute; never style).
_ALIGN = {"align": {"left", "center", "right"}}
_ATTRIBUTE_VALUES = {"th": _ALIGN, "td": _ALIGN}
_CLASSES = {"div": {"footnote"}, "a": {"footnote-ref", "footnote-backref"}}
_URL_SCHEMES = {"http", "https", "mailto"}
# Dropped together with their content: their content is code, or (noscript,
# template, ...) markup that a browser would parse differently than the sanitiser.
_DROP_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "noscript",
    "noembed",
    "noframes",
    "template",
    "textarea",
    "title",
    "xmp",
    "object",
    "svg",
    "math",
}


# Control characters and whitespace, which browsers partly ignore inside a URL.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f\s]")
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    """Extra URL check, and fragment links pointed at the prefixed ids.

    nh3 already rejects these schemes; we also reject URLs that only become one once
    *all* whitespace/control characters are removed ("java script:"), so no browser
    quirk in URL parsing can turn a relative link into script.  nh3 prefixes the ids
    itself; the ``#fragment`` links are ours to follow.
    """
    # Must never raise: nh3 reports callback errors via sys.unraisablehook.
    if attr != "href":
        return value
    if _URL_NOISE.sub("", value).lower().startswith(_BAD_SCHEMES):
        return None
    if value.startswith("#") and len(value) > 1 and not value.startswith("#" + ID_PREFIX):
        return "#" + ID_PREFIX + value[1:]
    return value


def _cleaner(tags: set[str] | frozenset[str]) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(tags),
        clean_content_tags=_DROP_WITH_CONTENT,
        attributes={k: v for k, v in _ATTRIBUTES.items() if k == "*" or k in tags},
        tag_attribute_values={k: v for k, v in _ATTRIBUTE_VALUES.items() if k in tags},
        allowed_classes={k: v for k, v in _CLASSES.items() if k in tags},
        attribute_filter=_attribute_filter,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        id_prefix=ID_PREFIX,
    )


# Built once: a Cleaner only reads its configuration while cleaning (ammonia's
# Builder::clean takes &self), so threads can share it; see the concurrency test.
_FULL = _cleaner(ALLOWED_TAGS)
_INLINE = _cleaner(_INLINE_TAGS)

# A start/end tag in html5ever's serialised output: attribute values are always
# double-quoted and never contain a raw quote, and text never contains a raw "<".
_TAG = re.compile(r'<[a-zA-Z/][^"<>]*(?:"[^"]*"[^"<>]*)*>')
_QUOTED = re.compile(r'"[^"]*"')


def _escape_attribute_brackets(html: str) -> str:
    """Escape ``<``/``>`` inside attribute values (mutation-XSS hardening).

    Recent nh3 already does this; older versions allowed by our dependency range do
    not, and a ``title="</noscript><img onerror=...>"`` is the classic vector.
    """

    def fix_tag(tag: re.Match[str]) -> str:
        return _QUOTED.sub(
            lambda q: q.group(0).replace("<", "&lt;").replace(">", "&gt;"), tag.group(0)
        )

    return _TAG.sub(fix_tag, html)


def _slugify(value: str, separator: str) -> str:
    """Heading id that keeps non-ASCII letters readable ("стратегія-2030")."""
    slug = slugify_unicode(unicodedata.normalize("NFC", value), separator)
    return slug or "section"


class _StrikethroughExtension(Extension):
    """``~~text~~`` -> ``<del>text</del>`` (not part of Python-Markdown)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown API
        # No whitespace just inside the tildes, as in GitHub Flavored Markdown.
        # Priority below code spans (190), so `~~x~~` in code stays literal.
        pattern = SimpleTagInlineProcessor(r"(~~)(?!\s)(.+?)(?<!\s)~~", "del")
        md.inlinePatterns.register(pattern, "strikethrough", 65)


_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])(?:( +)(.*))?$")
_RULE = re.compile(r"^ {0,3}([-*_])(?: *\1){2,} *$")
_FENCE_LINE = re.compile(r"^ *(`{3,}|~{3,})")


def normalise_lists(lines: list[str]) -> list[str]:
    """CommonMark's list rules in Python-Markdown's terms.

    The Word export reads Markdown as CommonMark does: a list may start right
    after a paragraph line, and an item nests under another when it is indented
    to the other's text (two spaces under ``-``, three under ``1.``). Python-Markdown
    wants a blank line before a list and four spaces per level; this rewrites the
    lines so that the page shows the blocks the Word file shows. A backslash at the
    end of a line inside a paragraph is a hard break, as in CommonMark.
    """
    out: list[str] = []
    stack: list[int] = []  # content column of each open list item
    fence = ""
    previous = ""  # "", "item", "text"
    for index, line in enumerate(lines):
        if fence:
            out.append(line)
            if line.strip().startswith(fence):
                fence = ""
            continue
        opened = _FENCE_LINE.match(line)
        if opened:
            fence = opened.group(1)[:3]
            out.append(line)
            previous = "text"
            continue
        if not line.strip():
            out.append(line)
            previous = ""
            continue
        indent = len(line) - len(line.lstrip(" "))
        item = _ITEM.match(line) if not _RULE.match(line) else None
        if item is not None and stack and previous == "" and indent < stack[-1]:
            while stack and indent < stack[-1]:
                stack.pop()
        if item is not None and indent >= (stack[-1] + 4 if stack else 4):
            item = None  # indented code, not an item
        if item is not None:
            while stack and indent < stack[-1]:
                stack.pop()
            marker, rest = item.group(2), item.group(4) or ""
            if not stack and previous == "text":
                if marker[0].isdigit() and int(marker[:-1]) != 1:
                    out.append(line)  # only "1." may interrupt a paragraph
                    continue
                out.append("")
            gap = len(item.group(3) or " ")
            stack.append(indent + len(marker) + (gap if gap <= 4 else 1))
            out.append(" " * (4 * (len(stack) - 1)) + marker + " " + rest)
            previous = "item"
            continue
        if stack and previous == "":
            while stack and indent < stack[-1]:
                stack.pop()
        if stack and (indent >= stack[-1] or previous == "item"):
            line = " " * (4 * len(stack)) + line.lstrip(" ")
        if line.endswith("\\") and not line.endswith("\\\\") and index + 1 < len(lines) \
                and lines[index + 1].strip():
            line = line[:-1] + "  "
        out.append(line)
        previous = "text" if previous != "item" or not stack else "item"
    return out


class _CommonMarkListsExtension(Extension):
    """Lists nest and start as in CommonMark (see :func:`normalise_lists`)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown API
        from markdown.preprocessors import Preprocessor
        from markdown.treeprocessors import Treeprocessor

        class Lists(Preprocessor):
            def run(self, lines: list[str]) -> list[str]:
                return normalise_lists(lines)

        class CellPipes(Treeprocessor):
            """``\\|`` inside code in a table cell is a pipe (GitHub's tables)."""

            def run(self, root):  # noqa: ANN001, ANN202
                for cell in (c for c in root.iter() if c.tag in ("td", "th")):
                    for code in cell.iter("code"):
                        if code.text and "\\|" in code.text:
                            code.text = code.text.replace("\\|", "|")

        # After whitespace normalising (30), before fenced code (25) and HTML blocks (20).
        md.preprocessors.register(Lists(md), "commonmark_lists", 27)
        md.treeprocessors.register(CellPipes(md), "cell_pipes", 1)


def _build() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            "tables",
            "footnotes",
            "fenced_code",
            "sane_lists",
            "toc",
            _StrikethroughExtension(),
            _CommonMarkListsExtension(),
        ],
        extension_configs={
            "tables": {"use_align_attribute": True},
            "toc": {"slugify": _slugify},
        },
        output_format="html",
    )


_local = threading.local()


def _markdown() -> markdown.Markdown:
    """This thread's Markdown instance (instances keep per-document state)."""
    md: markdown.Markdown | None = getattr(_local, "md", None)
    if md is None:
        md = _local.md = _build()
    return md


def _convert(text: str) -> str:
    md = _markdown()
    try:
        html = md.convert(text)
    except BaseException:
        # An instance that failed half-way (e.g. RecursionError on absurd nesting)
        # is not trusted again; the next call builds a fresh one.
        _local.md = None
        raise
    # Footnotes, toc ids and references must not leak into the next document.
    md.reset()
    return html


def render_markdown(text: str) -> str:
    """Render untrusted Markdown to safe HTML (tables, footnotes, fenced code, ~~del~~)."""
    if not text.strip():
        return ""
    return _escape_attribute_brackets(_FULL.clean(_convert(text))).strip()


def render_inline(text: str) -> str:
    """Render a short one-line text (a title, a comment preview) to safe inline HTML.

    Block markup is dropped (its text kept), so the result can go inside a ``<span>``
    or a heading.  Line breaks become spaces.
    """
    line = " ".join(text.split())
    if not line:
        return ""
    return _escape_attribute_brackets(_INLINE.clean(_convert(line))).strip()


class _TextExtractor(HTMLParser):
    """Collects the text of sanitised HTML, one line per block element."""

    # Cells are separated by a space, not a line: a table row reads as one line.
    _BREAKS = (_BLOCK_TAGS - {"td", "th"}) | _HEADINGS | {"br"}
    _VOID = {"br", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        # One entry per open element: (skip its text?, is it <pre>?)
        self._open: list[tuple[bool, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BREAKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        if tag in self._VOID:
            return  # no end tag will follow
        values = dict(attrs)
        # Footnote markers ("1" after a word, "↩" after the note) are not content.
        marker = (tag == "sup" and "fnref" in (values.get("id") or "")) or (
            "footnote-backref" in (values.get("class") or "").split()
        )
        self._open.append((marker, tag == "pre"))

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BREAKS:
            self.parts.append("\n")
        if tag not in self._VOID and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if any(skip for skip, _ in self._open):
            return
        if not any(pre for _, pre in self._open):
            # Newlines in the serialised HTML are layout, not content.
            data = data.replace("\n", " ")
        self.parts.append(data)


def plain_text(markdown_text: str) -> str:
    """Text without markup, for word counts and search.

    Blocks (paragraphs, headings, list items, table rows, footnotes) are separated
    by newlines, whitespace inside a block is collapsed, footnote markers dropped.
    """
    html = render_markdown(markdown_text)
    if not html:
        return ""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = (" ".join(line.split()) for line in "".join(extractor.parts).split("\n"))
    return "\n".join(line for line in lines if line)
