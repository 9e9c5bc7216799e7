"""The Celery task of ``riptide batch --distributed``: ``riptide.batch_chunk`` extracts one chunk in
a worker process (``process_chunk``, on the process's warm extractor) and leaves its results in
Redis for the gatherer (``distributed.DistributedChunks``).

Idempotent: a chunk's results are computed whole and pushed as one payload to the chunk's own
key, so a chunk run twice (redelivered after its worker died) pushes the same results twice; the
gatherer reads one and deletes the key. The key expires after the TTL the gatherer sends, so
results nobody gathers do not stay. A chunk always answers: pages that fail are error records,
and so is a chunk that cannot be read at all (a path the worker does not see).
"""

from __future__ import annotations

from typing import Any

import redis
from redis.exceptions import RedisError

from ..config import Settings
from ..errors import InternalError
from ..jobs.celery_app import app, resources
from .fetching import BlockingFetcher
from .inputs import Chunk, UrlChunk, WarcChunk
from .pages import PageResult, Source
from .process import process_chunk
from .wire import chunk_of_dict, encode_results, options_of_dict

TASK_NAME = "riptide.batch_chunk"

#: This worker process's Redis client and URL fetcher, made on first use.
_client: redis.Redis | None = None
_fetcher: BlockingFetcher | None = None


def _chunk(
    chunk: dict[str, Any], options: dict[str, Any], done: list[str], result_key: str, ttl_secs: int
) -> None:
    worker = resources()
    work = chunk_of_dict(chunk)
    fetcher = _url_fetcher(worker.settings) if isinstance(work, UrlChunk) else None
    results: list[PageResult] = []
    try:
        results += process_chunk(
            work, worker.extractor, options_of_dict(options), done=frozenset(done), fetcher=fetcher
        )
    except Exception as error:  # a bug in reading: the rest of the chunk is this error, never lost silently
        seen = {result.source.key for result in results}
        message = f"the chunk failed after {len(results)} results: {type(error).__name__}: {error}"
        results.append(PageResult.failed(_unfinished(work, seen), InternalError(message)))
    client = _redis(worker.settings)
    with client.pipeline(transaction=True) as pipe:
        pipe.rpush(result_key, encode_results(results))
        pipe.expire(result_key, ttl_secs)
        pipe.execute()


batch_chunk = app.task(
    name=TASK_NAME, autoretry_for=(RedisError,), retry_backoff=True, retry_jitter=True, max_retries=10
)(_chunk)


def _unfinished(chunk: Chunk, seen: set[str]) -> Source:
    """The source a chunk-level failure is reported on: the chunk's first source without a result."""
    if isinstance(chunk, WarcChunk):
        return Source.warc(chunk.path, chunk.start, None)
    if isinstance(chunk, UrlChunk):
        return Source.of_url(next((url for url in chunk.urls if url not in seen), chunk.urls[0]))
    return Source.file(next((path for path in chunk.paths if path not in seen), chunk.paths[0]))


def _redis(settings: Settings) -> redis.Redis:
    global _client
    if _client is None:
        _client = redis.Redis.from_url(settings.redis_url or "", socket_timeout=30, socket_connect_timeout=10)
    return _client


def _url_fetcher(settings: Settings) -> BlockingFetcher:
    global _fetcher
    if _fetcher is None:
        _fetcher = BlockingFetcher(settings)
    return _fetcher
