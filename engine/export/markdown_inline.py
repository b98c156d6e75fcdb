"""Inline Markdown to a flat list of formatted runs.

Word paragraphs are flat sequences of runs, so instead of building an inline
tree for a renderer to walk, the parser resolves emphasis (CommonMark's
delimiter algorithm, simplified), links, code spans, footnote references,
hard breaks, entities and a few inline HTML tags, then flattens the result
into :data:`Run` tuples ``(kind, text, flags, href)``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Mapping

__all__ = [
    "BOLD",
    "BREAK",
    "CODE",
    "FOOTNOTE",
    "ITALIC",
    "STRIKE",
    "SUB",
    "SUP",
    "TEXT",
    "UNDERLINE",
    "Run",
    "parse_inline",
    "plain_text",
]

# Run kinds.
TEXT = 0
BREAK = 1
FOOTNOTE = 2  # text holds the footnote label

# Formatting flags.
BOLD = 1
ITALIC = 2
STRIKE = 4
CODE = 8
SUP = 16
SUB = 32
UNDERLINE = 64

Run = tuple[int, str, int, str | None]

_SPECIAL = re.compile(
    r"[\\`*_~\[\]!<&\n]|(?<![\w/@.])(?:https?://|www\.)[^\s<>]+",
)
_LINK_TAIL = re.compile(
    r"\(\s*(?:<([^<>\n]*)>|((?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*))"
    r"(?:\s+(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?\s*\)"
)
_REF_TAIL = re.compile(r"\[([^\[\]]{0,999})\]")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")
_AUTOLINK = re.compile(
    r"<((?:https?|ftp|mailto):[^\s<>]*|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})>"
)
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ASCII_PUNCT = _ESCAPABLE
_BACKSLASH_ESCAPE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
_SAFE_SCHEMES = ("http://", "https://", "mailto:", "ftp://", "tel:", "#")
_HTML_FLAGS = {
    "b": BOLD,
    "strong": BOLD,
    "i": ITALIC,
    "em": ITALIC,
    "u": UNDERLINE,
    "ins": UNDERLINE,
    "s": STRIKE,
    "del": STRIKE,
    "strike": STRIKE,
    "sup": SUP,
    "sub": SUB,
    "code": CODE,
    "kbd": CODE,
}


# Tags dropped without a trace (their content stays); anything else in
# angle brackets is ordinary text.
_HTML_DROPPED = frozenset(
    "a abbr address article aside bdi bdo big blockquote caption center cite col colgroup "
    "data dd details dfn div dl dt figcaption figure font footer h1 h2 h3 h4 h5 h6 header "
    "hr img li main mark nav ol p pre q small span summary table tbody td tfoot th thead "
    "time tr tt ul var wbr".split()
)


class _Delim:
    """A run of ``*``, ``_`` or ``~~`` that may open or close emphasis."""

    __slots__ = ("can_close", "can_open", "char", "count")

    def __init__(self, char: str, count: int, can_open: bool, can_close: bool) -> None:
        self.char = char
        self.count = count
        self.can_open = can_open
        self.can_close = can_close


class _Bracket:
    """An opening ``[`` (or ``![``) waiting for its ``]``."""

    __slots__ = ("active", "image", "source_pos")

    def __init__(self, image: bool, source_pos: int) -> None:
        self.image = image
        self.source_pos = source_pos
        self.active = True


class _HtmlOpen:
    __slots__ = ("tag",)

    def __init__(self, tag: str) -> None:
        self.tag = tag


# A formatted node: (flag, href, children).  href is only set for links.
_Node = tuple  # str | ("code", text) | ("br",) | ("fn", label) | ("fmt", flag, href, children)


def _is_punct(ch: str) -> bool:
    if ch in _ASCII_PUNCT:
        return True
    return ord(ch) > 127 and unicodedata.category(ch)[0] in "PS"


def _delim(text: str, start: int, end: int) -> _Delim:
    char = text[start]
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    ws_after = after.isspace()
    ws_before = before.isspace()
    p_after = _is_punct(after)
    p_before = _is_punct(before)
    left = not ws_after and (not p_after or ws_before or p_before)
    right = not ws_before and (not p_before or ws_after or p_after)
    if char == "_":
        # Intraword underscores (snake_case, file_names) never emphasise.
        can_open = left and (not right or p_before)
        can_close = right and (not left or p_after)
    else:
        can_open, can_close = left, right
    return _Delim(char, end - start, can_open, can_close)


def _process_emphasis(nodes: list) -> list:
    """Pair delimiter runs into emphasis nodes (CommonMark, without the
    openers-bottom optimisation, which paragraphs are too short to need)."""
    j = 0
    while j < len(nodes):
        closer = nodes[j]
        if type(closer) is not _Delim or not closer.can_close or closer.count == 0:
            j += 1
            continue
        found = -1
        k = j - 1
        while k >= 0:
            op = nodes[k]
            if type(op) is _Delim and op.char == closer.char and op.can_open and op.count:
                if closer.char == "~":
                    if op.count >= 2 and closer.count >= 2:
                        found = k
                        break
                elif not (
                    (op.can_close or closer.can_open)
                    and (op.count + closer.count) % 3 == 0
                    and not (op.count % 3 == 0 and closer.count % 3 == 0)
                ):
                    found = k
                    break
            k -= 1
        if found < 0:
            j += 1
            continue
        opener = nodes[found]
        if closer.char == "~":
            use, flag = 2, STRIKE
        elif opener.count >= 2 and closer.count >= 2:
            use, flag = 2, BOLD
        else:
            use, flag = 1, ITALIC
        opener.count -= use
        closer.count -= use
        inner = [_literal(n) for n in nodes[found + 1 : j]]
        nodes[found + 1 : j] = [("fmt", flag, None, inner)]
        j = found + 2
        if opener.count == 0:
            del nodes[found]
            j -= 1
        if closer.count == 0:
            del nodes[j]
    return [_literal(n) for n in nodes]


def _literal(node: object) -> object:
    """Unmatched delimiters and brackets fall back to their literal text."""
    t = type(node)
    if t is _Delim:
        return node.char * node.count if node.count else ""  # type: ignore[attr-defined]
    if t is _Bracket:
        return "![" if node.image else "["  # type: ignore[attr-defined]
    if t is _HtmlOpen:
        return ""
    return node


def _safe_href(href: str) -> str | None:
    href = _BACKSLASH_ESCAPE.sub(r"\1", href.strip())
    href = html.unescape(href)
    low = href.lower()
    if low.startswith("www."):
        return "http://" + href
    if low.startswith(_SAFE_SCHEMES):
        return href
    if "@" in href and ":" not in href and "/" not in href:
        return "mailto:" + href
    # Relative or script URLs mean nothing (or something unsafe) in a file
    # handed to another ministry: keep the text, drop the link.
    return None


def _trim_url(url: str) -> str:
    while url and url[-1] in ".,;:!?'\"*_~":
        url = url[:-1]
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1]
    return url


def _parse_nodes(
    text: str,
    links: Mapping[str, tuple[str, str | None]],
    footnotes: Callable[[str], bool],
) -> list:
    nodes: list = []
    brackets: list[int] = []  # indices into nodes of _Bracket markers
    pos = 0
    n = len(text)
    search = _SPECIAL.search
    while pos < n:
        m = search(text, pos)
        if m is None:
            nodes.append(text[pos:])
            break
        start = m.start()
        if start > pos:
            nodes.append(text[pos:start])
        ch = text[start]
        pos = start + 1

        if ch == "\n":
            # Two trailing spaces make a hard break; otherwise a soft break
            # is a space.
            prev = nodes[-1] if nodes and type(nodes[-1]) is str else ""
            if prev.endswith("  "):
                nodes[-1] = prev.rstrip(" ")
                nodes.append(("br",))
            else:
                if prev.endswith(" "):
                    nodes[-1] = prev.rstrip(" ")
                nodes.append(" ")
            while pos < n and text[pos] == " ":
                pos += 1
        elif ch == "\\":
            nxt = text[pos] if pos < n else ""
            if nxt == "\n":
                nodes.append(("br",))
                pos += 1
            elif nxt in _ESCAPABLE and nxt:
                nodes.append(nxt)
                pos += 1
            else:
                nodes.append("\\")
        elif ch in "*_~":
            end = pos
            while end < n and text[end] == ch:
                end += 1
            if ch == "~" and end - start != 2:
                nodes.append(text[start:end])
            else:
                nodes.append(_delim(text, start, end))
            pos = end
        elif ch == "`":
            end = pos
            while end < n and text[end] == "`":
                end += 1
            ticks = text[start:end]
            close = end
            while True:
                close = text.find(ticks, close)
                if close < 0:
                    break
                if close + len(ticks) < n and text[close + len(ticks)] == "`":
                    close += len(ticks)
                    while close < n and text[close] == "`":
                        close += 1
                    continue
                if text[close - 1] == "`":
                    close += len(ticks)
                    continue
                break
            if close < 0:
                nodes.append(ticks)
                pos = end
            else:
                code = text[end:close].replace("\n", " ")
                if len(code) > 2 and code[0] == " " and code[-1] == " " and code.strip():
                    code = code[1:-1]
                nodes.append(("code", code))
                pos = close + len(ticks)
        elif ch == "!":
            if pos < n and text[pos] == "[":
                brackets.append(len(nodes))
                nodes.append(_Bracket(True, pos + 1))
                pos += 1
            else:
                nodes.append("!")
        elif ch == "[":
            fm = _FOOTNOTE_REF.match(text, start)
            if fm and footnotes(fm.group(1)):
                nodes.append(("fn", fm.group(1)))
                pos = fm.end()
            else:
                brackets.append(len(nodes))
                nodes.append(_Bracket(False, pos))
        elif ch == "]":
            pos = _close_bracket(text, start, nodes, brackets, links)
        elif ch == "<":
            am = _AUTOLINK.match(text, start)
            if am:
                href = _safe_href(am.group(1))
                nodes.append(("fmt", 0, href, [am.group(1)]))
                pos = am.end()
                continue
            cm = _HTML_COMMENT.match(text, start)
            if cm:
                pos = cm.end()
                continue
            tm = _HTML_TAG.match(text, start)
            if tm is None:
                nodes.append("<")
                continue
            pos = tm.end()
            tag = tm.group(2).lower()
            if tag == "br":
                nodes.append(("br",))
            elif tag in _HTML_FLAGS:
                if not tm.group(1):
                    nodes.append(_HtmlOpen(tag))
                else:
                    for k in range(len(nodes) - 1, -1, -1):
                        op = nodes[k]
                        if type(op) is _HtmlOpen and op.tag == tag:
                            inner = _process_emphasis(nodes[k + 1 :])
                            brackets[:] = [b for b in brackets if b < k]
                            nodes[k:] = [("fmt", _HTML_FLAGS[tag], None, inner)]
                            break
            elif tag in _HTML_DROPPED:
                pass  # layout markup with no Word equivalent: keep its text only
            else:
                # Not an HTML tag ("<review>"): the author's text.
                nodes.append(tm.group())
        elif ch == "&":
            em = _ENTITY.match(text, start)
            if em:
                nodes.append(html.unescape(em.group()))
                pos = em.end()
            else:
                nodes.append("&")
        else:  # bare URL
            url = _trim_url(m.group())
            nodes.append(("fmt", 0, _safe_href(url), [url]))
            pos = start + len(url)
    return _process_emphasis(nodes)


def _close_bracket(
    text: str,
    start: int,
    nodes: list,
    brackets: list[int],
    links: Mapping[str, tuple[str, str | None]],
) -> int:
    """Handle ``]``: turn the nodes since the matching ``[`` into a link."""
    pos = start + 1
    if not brackets:
        nodes.append("]")
        return pos
    idx = brackets.pop()
    opener: _Bracket = nodes[idx]
    if not opener.active:
        nodes.append("]")
        return pos
    href: str | None = None
    matched = False
    end = pos
    if pos < len(text) and text[pos] == "(":
        lm = _LINK_TAIL.match(text, pos)
        if lm:
            href = lm.group(1) if lm.group(1) is not None else lm.group(2)
            matched = True
            end = lm.end()
    if not matched and links:
        label = text[opener.source_pos : start]
        rm = _REF_TAIL.match(text, pos) if pos < len(text) and text[pos] == "[" else None
        if rm and rm.group(1).strip():
            label = rm.group(1)
        ref = links.get(" ".join(label.split()).lower())
        if ref is not None:
            href = ref[0]
            matched = True
            end = rm.end() if rm else pos
    if not matched:
        nodes.append("]")
        return pos
    inner = _process_emphasis(nodes[idx + 1 :])
    if opener.image:
        # Remote images cannot be fetched at export time; keep the alt text.
        nodes[idx:] = [("fmt", 0, None, inner)]
    else:
        nodes[idx:] = [("fmt", 0, _safe_href(href or ""), inner)]
        # Links may not contain links: deactivate earlier openers.
        for b in brackets:
            if not nodes[b].image:
                nodes[b].active = False
    return end


def _flatten(nodes: list, flags: int, href: str | None, out: list[Run]) -> None:
    for node in nodes:
        if type(node) is str:
            if not node:
                continue
            if out:
                last = out[-1]
                if last[0] == TEXT and last[2] == flags and last[3] == href:
                    out[-1] = (TEXT, last[1] + node, flags, href)
                    continue
            out.append((TEXT, node, flags, href))
            continue
        kind = node[0]
        if kind == "fmt":
            _flatten(node[3], flags | node[1], node[2] if node[2] is not None else href, out)
        elif kind == "code":
            out.append((TEXT, node[1], flags | CODE, href))
        elif kind == "br":
            out.append((BREAK, "", flags, href))
        elif kind == "fn":
            out.append((FOOTNOTE, node[1], flags, None))


def _no_footnotes(label: str) -> bool:
    return False


def parse_inline(
    text: str,
    links: Mapping[str, tuple[str, str | None]] | None = None,
    footnotes: Callable[[str], bool] = _no_footnotes,
) -> list[Run]:
    """Parse inline Markdown into runs.

    ``footnotes(label)`` says whether ``[^label]`` is defined; undefined
    references stay literal text, as in every other Markdown renderer.
    """
    out: list[Run] = []
    _flatten(_parse_nodes(text, links or {}, footnotes), 0, None, out)
    return out


def plain_text(runs: list[Run]) -> str:
    """The visible text of some runs (breaks as newlines, notes omitted)."""
    return "".join(r[1] if r[0] == TEXT else "\n" if r[0] == BREAK else "" for r in runs)
