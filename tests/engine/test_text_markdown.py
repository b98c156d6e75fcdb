"""Markdown rendering: ordinary content renders, hostile content does not survive."""

from __future__ import annotations

import re
import threading
from html.parser import HTMLParser

import pytest

from engine.text.markdown import (
    ALLOWED_TAGS,
    ID_PREFIX,
    plain_text,
    render_inline,
    render_markdown,
)

# ---------------------------------------------------------------------------
# Ordinary content


def test_empty_input_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown("  \n\n ") == ""
    assert render_inline("") == ""
    assert plain_text("") == ""


def test_paragraphs_and_emphasis():
    assert render_markdown("Hello **world** and *you*.") == (
        "<p>Hello <strong>world</strong> and <em>you</em>.</p>"
    )


def test_table_renders_with_alignment_but_no_style():
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    assert "<table>" in html
    assert '<th align="left">a</th>' in html
    assert '<td align="right">2</td>' in html
    assert "style" not in html


def test_footnotes_render_with_footnote_markup():
    html = render_markdown("Claim.[^1]\n\n[^1]: Source, 2024.\n")
    assert f'<sup id="{ID_PREFIX}fnref:1"><a class="footnote-ref" href="#{ID_PREFIX}fn:1"' in html
    assert '<div class="footnote">' in html
    assert f'<li id="{ID_PREFIX}fn:1">' in html
    assert 'class="footnote-backref"' in html
    assert "Source, 2024." in html


def test_headings_get_prefixed_readable_ids():
    html = render_markdown(
        "# Digital Strategy\n\n## Стратегія цифрової трансформації\n\n### Économie\n"
    )
    assert f'<h1 id="{ID_PREFIX}digital-strategy">' in html
    assert f'<h2 id="{ID_PREFIX}стратегія-цифрової-трансформації">' in html
    assert f'<h3 id="{ID_PREFIX}économie">' in html


def test_duplicate_headings_get_unique_ids():
    html = render_markdown("# Goals\n\n# Goals\n")
    assert f'id="{ID_PREFIX}goals"' in html
    assert f'id="{ID_PREFIX}goals_1"' in html


def test_fragment_links_follow_the_id_prefix():
    html = render_markdown("# Goals\n\nSee [goals](#goals).\n")
    assert f'<a href="#{ID_PREFIX}goals"' in html
    assert f'id="{ID_PREFIX}goals"' in html


def test_strikethrough():
    assert render_markdown("~~old~~ new") == "<p><del>old</del> new</p>"
    # Not inside code, and not with spaces just inside the tildes.
    assert render_markdown("`~~x~~`") == "<p><code>~~x~~</code></p>"
    assert render_markdown("a ~~ b ~~ c") == "<p>a ~~ b ~~ c</p>"


def test_fenced_code_is_escaped():
    html = render_markdown("```python\nif a < b:\n    pass\n```\n")
    assert html == "<pre><code>if a &lt; b:\n    pass\n</code></pre>"


def test_sane_lists_do_not_mix_list_types():
    html = render_markdown("1. one\n2. two\n\n* a\n* b\n")
    assert html.count("<ol>") == 1
    assert html.count("<ul>") == 1


def test_links_get_rel_and_keep_safe_schemes():
    html = render_markdown("[a](https://example.org) [b](mailto:x@example.org) [c](/doc/1)")
    assert '<a href="https://example.org" rel="noopener noreferrer">a</a>' in html
    assert '<a href="mailto:x@example.org" rel="noopener noreferrer">b</a>' in html
    assert '<a href="/doc/1" rel="noopener noreferrer">c</a>' in html


def test_allowed_raw_html_is_kept():
    html = render_markdown("H<sub>2</sub>O, E=mc<sup>2</sup>, <mark>key</mark>, <s>x</s>")
    assert "<sub>2</sub>" in html
    assert "<sup>2</sup>" in html
    assert "<mark>key</mark>" in html
    assert "<s>x</s>" in html


def test_images_are_dropped():
    # img is not in the allow-list (no uploads in the product yet).
    assert "<img" not in render_markdown("![chart](https://example.org/c.png)")


def test_render_inline_keeps_inline_markup_only():
    assert render_inline("**Budget** for [2030](https://example.org)") == (
        '<strong>Budget</strong> for <a href="https://example.org" '
        'rel="noopener noreferrer">2030</a>'
    )
    assert render_inline("# Title\n\nmore") == "Title more"
    assert render_inline("- item") == "item"


def test_plain_text():
    text = plain_text(
        "# Goals\n\nWe **will** cut ~~red~~ tape.[^1]\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "[^1]: See annex &amp; notes.\n"
    )
    assert text == "Goals\nWe will cut red tape.\na b\n1 2\nSee annex & notes."


def test_plain_text_drops_scripts():
    assert plain_text("Hi <script>alert(1)</script> there") == "Hi there"


def test_instances_do_not_leak_state_between_documents():
    first = render_markdown("Text[^a]\n\n[^a]: First note.\n")
    second = render_markdown("Plain [^a] text.")
    assert "First note" in first
    assert "footnote" not in second
    # Heading ids restart per document.
    render_markdown("# Goals")
    assert f'id="{ID_PREFIX}goals"' in render_markdown("# Goals")


def test_concurrent_rendering_is_correct():
    errors: list[str] = []
    barrier = threading.Barrier(20)

    def work(n: int) -> None:
        barrier.wait()
        for i in range(25):
            src = f"# Title {n} {i}\n\nBody {n}-{i}.[^n]\n\n[^n]: Note {n}-{i}.\n"
            html = render_markdown(src)
            expected = f'<h1 id="{ID_PREFIX}title-{n}-{i}">Title {n} {i}</h1>'
            if not html.startswith(expected) or f"Note {n}-{i}." not in html:
                errors.append(html)
            if html.count("footnote-backref") != 1:
                errors.append(html)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


# ---------------------------------------------------------------------------
# Hostile content

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](javascript&#x3A;alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    "[x](  javascript:alert(1))",
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#0;javascript:alert(1)">x</a>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "[x](VBScript:msgbox(1))",
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width: expression(alert(1))">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<form action="javascript:alert(1)"><button>go</button></form>',
    "<details open ontoggle=alert(1)>x</details>",
    '[x](https://example.org" onmouseover="alert(1))',
    '<a href="https://example.org" onmouseover="alert(1)">x</a>',
    '<p title="" onmouseover=alert(1)//">x</p>',
    '![x](https://example.org/x.png" onerror="alert(1))',
    '![x](x "onerror=alert(1)")',
    "[x][ref]\n\n[ref]: javascript:alert(1)\n",
    '[x][ref]\n\n[ref]: JAVASCRIPT:alert(1) "title"\n',
    "<javascript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<!--><img src=x onerror=alert(1)>-->",
    "<!-- --!><img src=x onerror=alert(1)> -->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<p title="</p><script>alert(1)</script>">x</p>',
    '<xmp><p title="</xmp><img src=x onerror=alert(1)>"></xmp>',
    "<template><script>alert(1)</script></template>",
    "<textarea><script>alert(1)</script></textarea>",
    '<a href="#" onclick="alert(1)">x</a>',
    '<h1 onclick="alert(1)" id="x">Head</h1>',
    '<td onmouseover="alert(1)">x</td>',
    '<marquee onstart="alert(1)">x</marquee>',
    "<isindex type=image src=1 onerror=alert(1)>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<a href="javascript:alert(1)" title="[x](javascript:alert(1))">x</a>',
    "```\n</code></pre><script>alert(1)</script>\n```",
    "`<script>alert(1)</script>`",
    "**<img src=x onerror=alert(1)>**",
    "> <iframe src=javascript:alert(1)>",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |\n",
    "x[^1]\n\n[^1]: <script>alert(1)</script> [y](javascript:alert(1))\n",
    "# <img src=x onerror=alert(1)>\n",
    "~~<svg/onload=alert(1)>~~",
]

_BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
# Characters browsers ignore or strip in a URL before reading its scheme.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            if name in ("style", "srcdoc", "background", "action", "formaction"):
                self.problems.append(f"attribute {name} on <{tag}>")
            if name in ("href", "src", "xlink:href", "data") and value is not None:
                url = _URL_NOISE.sub("", value).lower()
                if url.startswith(_BAD_SCHEMES):
                    self.problems.append(f"{name}={value!r} on <{tag}>")

    handle_startendtag = handle_starttag


def assert_safe(html: str) -> None:
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    assert inspector.problems == [], html
    assert inspector.tags <= ALLOWED_TAGS, (inspector.tags - ALLOWED_TAGS, html)
    lowered = html.lower()
    for needle in ("<script", "<iframe", "<style", "<svg", "<img", "<object", "<embed"):
        assert needle not in lowered, (needle, html)
    for scheme in ("javascript:", "vbscript:"):
        # Escaped as text is fine ("&lt;javascript:..."); in a URL it is not.
        assert f'href="{scheme}' not in lowered, html


def test_there_are_enough_payloads():
    assert len(set(XSS_PAYLOADS)) >= 30


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payload_is_neutralised(payload: str):
    assert_safe(render_markdown(payload))
    assert_safe(render_inline(payload))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payload_is_neutralised_in_context(payload: str):
    # Inside a list, a quote and after a heading, where Markdown parses differently.
    assert_safe(render_markdown(f"# T\n\n- {payload}\n\n> {payload}\n\nText {payload} end\n"))


def test_attribute_values_cannot_carry_markup():
    html = render_markdown('<p title="</p><script>alert(1)</script>">x</p>')
    assert "<script" not in html
    assert 'title="&lt;/p&gt;&lt;script&gt;' in html


def test_dangerous_links_lose_their_href_but_keep_text():
    html = render_markdown("[click me](javascript:alert(1))")
    assert "click me" in html
    assert "javascript" not in html.lower()
