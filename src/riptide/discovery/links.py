"""A page's links and canonical URL, as the sandboxed extractor sees them (no HTML parsed here).

The page is extracted once more in metadata mode, which collects the links of the whole page
(article mode keeps only the story's), and *without* its URL, so the engine reports the page's
own statement of its address (``<base href>``, ``<link rel=canonical>`` or og:url) as ``url``.
Links the page leaves relative are resolved against the fetched URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from ..engine.modes import ExtractionMode
from ..extractor import Extractor
from .scope import frontier_key


@dataclass(frozen=True)
class PageLinks:
    #: The page's canonical URL when it names another one than the fetched URL, else None.
    canonical: str | None
    #: Absolute URLs of the page's links, in document order, fragment-free.
    links: list[str]


def canonical_of(stated: str, fetched: str) -> str | None:
    """``stated`` (the engine's page URL) if it names another page than ``fetched``.

    A stated address at a site's root for a page that is not (``<base href="https://site/">``
    says where relative links start, not what the page is) is ignored: taking it as canonical
    would fold every page of such a site into its home page.
    """
    if not stated or frontier_key(stated) == frontier_key(fetched):
        return None
    if urlsplit(stated).path in ("", "/") and urlsplit(fetched).path not in ("", "/"):
        return None
    return stated


async def page_links(extractor: Extractor, html: str, url: str) -> PageLinks:
    """The links and canonical URL of ``html``, fetched from ``url``."""
    doc = await extractor.aextract(html, "", ExtractionMode.METADATA)
    links = [urljoin(url, link.url).split("#", 1)[0] for link in doc.links]
    return PageLinks(canonical_of(doc.url, url), links)
