"""Finding the URLs of a site: scope rules, sitemaps (indexes, gzip), RSS/Atom feeds, page links.

Used by crawl jobs (``riptide.jobs``) and ``/v1/map``. Everything is fetched through the
service's guarded ``Fetcher`` (robots.txt, politeness, SSRF rules), XML is parsed with
defusedxml under size caps, and page links come from the sandboxed extractor: no HTML is parsed
in this process.
"""

from .links import PageLinks, page_links
from .mapper import SiteMap, UrlProblem, map_site, sitemap_pages
from .scope import Scope, frontier_key
from .xml import XmlLinks, parse_xml_links

__all__ = [
    "PageLinks",
    "Scope",
    "SiteMap",
    "UrlProblem",
    "XmlLinks",
    "frontier_key",
    "map_site",
    "page_links",
    "parse_xml_links",
    "sitemap_pages",
]
