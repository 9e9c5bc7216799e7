"""A generated site of 31 linked pages on 127.0.0.1, for crawl-job tests and the benchmark.

    /                   home (depth 0): links /page-1 … /page-5, /old, /private/secret,
                        an external link and the feed
    /page-k (k = 1…5)   depth 1: links /page-(5k+1) … /page-(5k+5)
    /page-6 … /page-30  depth 2: link back home only
    /old                302 → /page-3 (an alias: /page-3 is stored once)
    /private/secret     disallowed by robots.txt (a robots-disallowed error, never fetched)
    /robots.txt         ``Disallow: /private/`` and ``Sitemap: /sitemap_index.xml``
    /sitemap_index.xml  a sitemap index → /sitemap-pages.xml.gz (gzip): all 31 pages
    /feed.xml           RSS listing /page-1 and /page-2

Every page is a small article whose title is ``Page N`` (``Home`` for /), with a unique phrase.
``delay`` slows every page down (cancellation and worker-loss tests need pages in flight).
"""

from __future__ import annotations

import gzip

from tests.fetch.conftest import LocalSite

PAGES = 30
EXTERNAL = "http://external.invalid/elsewhere"
PARAGRAPH = (
    "The harbour committee met on Tuesday to review the tide tables, the dredging schedule and "
    "the state of the northern breakwater, which storms damaged twice this winter. "
)


def page_path(number: int) -> str:
    return "/" if number == 0 else f"/page-{number}"


def children(number: int) -> list[int]:
    if number == 0:
        return [1, 2, 3, 4, 5]
    if number <= 5:
        return list(range(5 * number + 1, 5 * number + 6))
    return []


def page_html(number: int) -> str:
    title = "Home" if number == 0 else f"Page {number}"
    links = [page_path(child) for child in children(number)] + ["/"]
    if number == 0:
        links += ["/old", "/private/secret", EXTERNAL, "/feed.xml"]
    nav = "".join(f'<li><a href="{href}">{href}</a></li>' for href in links)
    body = "".join(f"<p>{PARAGRAPH}Unique phrase {title.lower()} paragraph {i}.</p>" for i in range(4))
    return (
        f"<!doctype html><html lang=en><head><title>{title}</title></head><body>"
        f"<nav><ul>{nav}</ul></nav><article><h1>{title}</h1>{body}</article></body></html>"
    )


def expected_urls(site: LocalSite, numbers: list[int] | range) -> set[str]:
    return {site.url(page_path(number)) for number in numbers}


def serve_site(site: LocalSite, delay: float = 0.0) -> LocalSite:
    """Route the generated site on ``site``."""
    html = {"Content-Type": "text/html; charset=utf-8"}
    for number in range(PAGES + 1):
        site.route(page_path(number), page_html(number), headers=html, delay=delay)
    site.route("/old", "", status=302, headers={"Location": "/page-3"})
    site.route("/private/secret", page_html(99), headers=html)
    site.route(
        "/robots.txt",
        f"User-agent: *\nDisallow: /private/\nSitemap: {site.url('/sitemap_index.xml')}\n",
        headers={"Content-Type": "text/plain"},
    )
    site.route(
        "/sitemap_index.xml",
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{site.url('/sitemap-pages.xml.gz')}</loc></sitemap></sitemapindex>",
        headers={"Content-Type": "application/xml"},
    )
    urlset = "".join(f"<url><loc>{site.url(page_path(n))}</loc></url>" for n in range(PAGES + 1))
    sitemap = (
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urlset}</urlset>'
    )
    site.route(
        "/sitemap-pages.xml.gz", gzip.compress(sitemap.encode()), headers={"Content-Type": "application/gzip"}
    )
    items = "".join(f"<item><title>{n}</title><link>{site.url(page_path(n))}</link></item>" for n in (1, 2))
    site.route(
        "/feed.xml",
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>',
        headers={"Content-Type": "application/rss+xml"},
    )
    return site
