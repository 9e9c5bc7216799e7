"""Getting HTML: HTTP fetching, SSRF protection, robots.txt and politeness (charset: ``riptide.charset``).

``Fetcher`` is the service's async fetcher; ``fetch_html`` the CLI's blocking one. Both raise
``riptide.errors.FetchError`` whose ``kind`` says why.
"""

from .client import Fetcher, fetch_html
from .rules import FetchedPage, FetchedResource

__all__ = ["FetchedPage", "FetchedResource", "Fetcher", "fetch_html"]
