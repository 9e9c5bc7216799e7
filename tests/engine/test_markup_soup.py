"""Random markup soup never makes the engine fail: every mode either extracts or says the input is unusable.

Why: two crashes found on real pages (a stray quote swallowing the page, an unmeasured image from
a <noscript>) came from combinations no hand-written test had. This test builds documents from
the pieces real pages are made of (articles, bylines, tables, lists, noscript images, hidden and
lazy elements, malformed attributes, unclosed and misnested tags, entities, scripts, comments)
in random combinations. The seeds are fixed, so a failure is reproducible: the test names it.
"""

from __future__ import annotations

import random

import pytest

from riptide import ExtractionError, Extractor
from riptide.engine import dom, pipeline
from riptide.engine.modes import Mode
from riptide.errors import InvalidHtmlError, ResourceLimitError

SEEDS = range(300)
URL = "https://news.example/local/story?page=1"
MODES = (
    Mode.of("article"),
    Mode.of("full"),
    Mode.of("metadata"),
    Mode.of("custom", ["article p", "h1 + *", "a[href^='/']", "li:nth-child(2n+1)", "div:not(.ad) > img"]),
)
WORDS = (
    "harbour tunnel reopened Monday after years of work, engineers said; the council voted. "
    "Le cœur du marché. 港口隧道重新开放。 Туннель открыт. النفق مفتوح"
).split()
TAGS = (
    "div p span a b i em strong section article aside nav header footer main li ul ol table tr td th "
    "h1 h2 h3 figure figcaption blockquote pre code form noscript"
).split()
VOID = "img br hr input meta link source".split()
ATTRIBUTES = (
    'class="content"',
    'class="byline author"',
    'class="ad share social"',
    'class="comment"',
    "id=main",
    'style="display:none"',
    "hidden",
    'aria-hidden="true"',
    'href="/local/story?page=2"',
    'href="javascript:void(0)"',
    'href="https://other.example/x"',
    "rel=next",
    'rel="author nofollow"',
    'src="/img/a.jpg"',
    'data-src="/img/lazy.jpg"',
    'srcset="/a.jpg 1x, /b.jpg 2x"',
    'src="data:image/gif;base64,R0lGOD=="',
    'itemprop="author"',
    'itemprop="datePublished" content="2024-05-14"',
    'datetime="2024-05-14T10:00:00Z"',
    'type="text=""',  # a stray quote after a value
    "title='it\"s'",
    'alt="a > b"',
    'property="og:title" content="A story"',
    'name="author" content="Okafor, Maren"',
    "lang=fr",
    "=oops",
    '"',
    "'",
)
ODD = (
    "&amp;",
    "&#x1F600;",
    "&bogus;",
    "&#0;",
    "<!-- a comment <p> -->",
    "<!--",
    "<![CDATA[x]]>",
    "<?php echo 1 ?>",
    "</div>",
    "</p></p>",
    "<script>var a = '</div>';</script>",
    "<style>p{}</style>",
    "<noscript><img src='/real.jpg' style='display:none'></noscript>",
    "<img src='/pixel.gif'><noscript><img src='/real.jpg' style='display:none'></noscript>",
    "<img src='data:image/gif;base64,R0lGOD==' class=lazy><noscript><img src='/real.jpg' alt=x></noscript>",
    '<script type="application/ld+json">{"@type":"NewsArticle","author":{"name":"B"}}</script>',
    '<script type="application/ld+json">{"broken": </script>',
    "<time datetime='2024-05-14'>14 May 2024</time>",
    "<table><td>cell<tr><th>head",
    "<a<a<a",
    "<",
    ">",
)


def soup(seed: int) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    open_tags: list[str] = []
    for _ in range(rng.randint(1, 400)):
        roll = rng.random()
        if roll < 0.30:
            tag = rng.choice(TAGS)
            attrs = " ".join(rng.choice(ATTRIBUTES) for _ in range(rng.randint(0, 3)))
            parts.append(f"<{tag} {attrs}>" if attrs else f"<{tag}>")
            open_tags.append(tag)
        elif roll < 0.45 and open_tags:
            tag = open_tags.pop(rng.randrange(len(open_tags)))  # misnested as often as not
            parts.append(f"</{tag}>")
        elif roll < 0.55:
            attrs = " ".join(rng.choice(ATTRIBUTES) for _ in range(rng.randint(0, 3)))
            parts.append(f"<{rng.choice(VOID)} {attrs}>")
        elif roll < 0.65:
            parts.append(rng.choice(ODD))
        else:
            parts.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 60))))
    head = rng.choice(("", "<title>A story | The Courier</title>", "<head><title>x</title><body>"))
    return head + "".join(parts)


@pytest.mark.parametrize("seed", SEEDS)
def test_markup_soup_is_extracted_or_refused_in_every_mode(seed: int) -> None:
    html = soup(seed)
    for mode in MODES:
        try:
            result = pipeline.extract(html, URL, mode)
        except (InvalidHtmlError, ResourceLimitError):
            continue
        assert isinstance(result.text, str) and isinstance(result.markdown, str), (seed, mode.name)
        assert result.quality_score is None or 0 <= result.quality_score <= 100


def _parse_with_builder_only(html: str) -> dom.Document:
    """The tokenizer loop as it was before its common cases were inlined: every token goes
    through ``_Builder``, the one statement of the tree-building rules."""
    builder = dom._Builder()
    pos, end = 0, len(html)
    while pos < end:
        match = dom._TOKEN.search(html, pos)
        if match is None:
            builder.text(html[pos:])
            break
        if match.start() > pos:
            builder.text(html[pos : match.start()])
        pos = match.end()
        end_name, start_name, attr_source = match.groups()
        if end_name is not None:
            builder.end(end_name.lower())
            continue
        if start_name is None:
            continue
        tag = start_name.lower()
        element = builder.start(tag, dom.parse_attrs(attr_source))
        if tag in dom.RAW_TEXT_TAGS or tag in dom.RCDATA_TAGS:
            closing = dom._raw_end(tag).search(html, pos)
            raw = html[pos : closing.start() if closing else end]
            if element is not None and raw:
                element.children.append(dom.unescape(raw) if tag in dom.RCDATA_TAGS else raw)
            close_gt = html.find(">", closing.end() - 1) if closing else -1
            pos = end if close_gt < 0 else close_gt + 1
    return dom.Document(builder.root, builder.head, builder.body, element_count=0)


@pytest.mark.parametrize("seed", SEEDS)
def test_parser_fast_paths_build_the_tree_the_builder_rules_build(seed: int) -> None:
    """``dom.build`` inlines the builder's common cases for speed; on soup it must agree with
    the builder token for token: same tree, every element counted, body elements in document order."""
    html = soup(seed)
    fast, reference = dom.parse(html), _parse_with_builder_only(html)
    assert fast.root.outer_html() == reference.root.outer_html(), seed
    assert fast.element_count == 1 + sum(1 for _ in reference.root.iter()), seed
    assert fast.body_elements == list(fast.body.iter()), seed


def test_markup_soup_through_the_sandbox_matches_the_native_engine(extractor: Extractor) -> None:
    """The component answers every soup document as the native engine does: no trap, same result."""
    for seed in SEEDS[:40]:
        html = soup(seed)
        try:
            expected = pipeline.extract(html, URL, MODES[0])
        except (InvalidHtmlError, ResourceLimitError) as error:
            with pytest.raises(ExtractionError) as caught:
                extractor.extract(html, URL)
            assert caught.value.kind == error.kind, seed
            continue
        doc = extractor.extract(html, URL)
        assert doc.engine == "wasm", seed
        assert (doc.text, doc.markdown, doc.title, doc.next_page) == (
            expected.text,
            expected.markdown,
            expected.title,
            expected.next_page,
        ), seed
