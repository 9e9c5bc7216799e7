"""Choosing the result cache backend from the settings."""

from __future__ import annotations

from ..config import Settings
from ..errors import ConfigError
from .base import ResultCache
from .redis import RedisResultCache
from .sqlite import SqliteResultCache


def open_cache(settings: Settings) -> ResultCache:
    """Redis at ``RIPTIDE_REDIS_URL`` when set, else SQLite at ``settings.results_db``.

    Nothing is connected or opened yet (both backends do that on first use), so this never
    fails for an unreachable server or an unwritable directory: those show up in ``health()``.
    It does raise ``ConfigError`` for a Redis URL the client cannot use. ``cache_enabled`` is the
    caller's to honour; the TTL default is ``cache_ttl_secs``.
    """
    ttl = float(settings.cache_ttl_secs)
    if settings.redis_url:
        try:
            return RedisResultCache(settings.redis_url, default_ttl=ttl)
        except ValueError as error:
            raise ConfigError(f"RIPTIDE_REDIS_URL: {error} (expected redis://host:port/db)") from None
    return SqliteResultCache(settings.results_db, default_ttl=ttl)
