"""The result cache of the HTTP service: extracted documents by request, with a TTL.

Two backends behind one async interface (``ResultCache``): SQLite in the cache directory by
default (no server needed) and Redis when ``RIPTIDE_REDIS_URL`` is set; ``open_cache(settings)``
picks one. Keys (``cache_key``) combine the normalised URL, mode, selectors and the extractor's
identity (which component, or the native engine's version).
The cache never fails a request: backend trouble becomes a miss or a no-op, counted in
``stats()`` and reported by ``health()``. Cache *modes* (read-through, bypass...) are the API
layer's policy, built from ``get``/``put``/``delete``.

    cache = open_cache(settings)
    key = cache_key(url, mode, selectors, extractor.identity)
    doc = await cache.get(key)
    if doc is None:
        doc = await extractor.aextract(html, url, mode=mode, selectors=selectors)
        await cache.put(key, doc)
"""

from .base import HEALTHY, UNHEALTHY, ResultCache
from .codec import FORMAT_VERSION, CodecError, CorruptPayloadError, IncompatibleFormatError, decode, encode
from .factory import open_cache
from .keys import KEY_PREFIX, CacheKey, cache_key, normalise_selector, normalise_url
from .redis import RedisResultCache
from .sqlite import SqliteResultCache

__all__ = [
    "FORMAT_VERSION",
    "HEALTHY",
    "KEY_PREFIX",
    "UNHEALTHY",
    "CacheKey",
    "CodecError",
    "CorruptPayloadError",
    "IncompatibleFormatError",
    "RedisResultCache",
    "ResultCache",
    "SqliteResultCache",
    "cache_key",
    "decode",
    "encode",
    "normalise_selector",
    "normalise_url",
    "open_cache",
]
