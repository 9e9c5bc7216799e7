"""``riptide batch --distributed``: chunks processed by the Celery workers, gathered in input order.

    inputs → chunks of about RIPTIDE_BATCH_CHUNK_BYTES (a WARC by byte ranges of whole records,
             folders by file lists, URL lists by RIPTIDE_BATCH_URLS_PER_CHUNK entries)
           → a ``riptide.batch_chunk`` task each, at most RIPTIDE_BATCH_CHUNKS_IN_FLIGHT ahead
           → each chunk's results from its Redis key, in chunk order, the key then deleted
           → run_batch (dedup, counts, the writers: the same code as a local batch)

Workers read the inputs themselves, so paths are sent absolute and must name storage every
worker shares; results are renamed back to the names given, so OUT holds what a local run
writes. A worker that cannot read a file reports it as that page's error.

Guarantees: delivery is at least once (Celery's late acknowledgement; a task whose worker
died is delivered again), and gathering is idempotent: a chunk's results arrive whole under its
own key, the first payload is taken and the key deleted, so a chunk that ran twice is written
once. Memory stays bounded: the client holds one chunk's results, Redis at most the chunks in
flight, each key with a TTL (``RIPTIDE_BATCH_RESULT_TTL_SECS``).
"""

from __future__ import annotations

import os
import sys
import uuid
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

import redis
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from ..cache.redis import redacted_url
from ..config import Settings
from ..errors import BrokerError
from ..jobs.celery_app import BATCH_QUEUE, WORKER_KEY_PREFIX, app, configure
from .inputs import Chunk, FileChunk, Plan, UrlChunk, WarcChunk
from .pages import PageResult, Source
from .process import BatchOptions
from .progress import Progress, Tally
from .tasks import TASK_NAME
from .warc import warc_ranges
from .wire import chunk_to_dict, decode_results, options_to_dict

#: Result keys: ``riptide:batch:<run id>:<chunk number>``.
RESULT_KEY_PREFIX = "riptide:batch:"
#: Seconds between looks at a result key (progress is redrawn, and a missing worker noticed).
_WAIT_SECS = 2


@dataclass(frozen=True)
class Assignment:
    """One chunk as sent to a worker, and what the gatherer needs to put its results back."""

    chunk: Chunk
    #: Absolute path sent → the name the input was given by.
    names: dict[str, str]
    #: Keys (as the worker names them) of the chunk's sources already in OUT (``--resume``).
    done: tuple[str, ...]
    #: Input bytes the chunk covers (progress).
    size: int


def assignments(work: Plan, done: set[str], settings: Settings) -> Iterator[Assignment]:
    """``work``'s chunks cut to size for the workers, in input order (WARCs are read as it goes)."""
    for chunk in work.chunks:
        if isinstance(chunk, WarcChunk):
            yield from _warc_assignments(chunk.path, done, settings.batch_chunk_bytes)
        elif isinstance(chunk, FileChunk):
            yield from _file_assignments(chunk.paths, done, settings.batch_chunk_bytes)
        else:
            step = settings.batch_urls_per_chunk
            for start in range(0, len(chunk.urls), step):
                urls = chunk.urls[start : start + step]
                skip = tuple(url for url in urls if url in done)
                yield Assignment(UrlChunk(urls), {}, skip, sum(len(url) + 1 for url in urls))


def _warc_assignments(path: str, done: set[str], target_bytes: int) -> Iterator[Assignment]:
    absolute = os.path.abspath(path)
    for start, end, record_ids in warc_ranges(path, target_bytes):
        skip = tuple(
            Source.warc(absolute, start, record_id).key
            for record_id in record_ids
            if record_id and Source.warc(path, start, record_id).key in done
        )
        yield Assignment(WarcChunk(absolute, start, end), {absolute: path}, skip, end - start)


def _file_assignments(paths: tuple[str, ...], done: set[str], target_bytes: int) -> Iterator[Assignment]:
    group: list[str] = []
    size = 0
    for path in paths:
        group.append(path)
        size += _size(path)
        if size >= target_bytes:
            yield _file_assignment(group, done, size)
            group, size = [], 0
    if group:
        yield _file_assignment(group, done, size)


def _file_assignment(paths: list[str], done: set[str], size: int) -> Assignment:
    names = {os.path.abspath(path): path for path in paths}
    skip = tuple(absolute for absolute, path in names.items() if path in done)
    return Assignment(FileChunk(tuple(names)), names, skip, size)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0  # the worker reports it


def _rename(result: PageResult, names: dict[str, str]) -> None:
    """Name the result's file by the name it was given, in its source and error message alike."""
    absolute = result.source.path
    if absolute is None or absolute not in names:
        return
    result.source = result.source.moved(names[absolute])
    if result.error_message is not None:
        result.error_message = result.error_message.replace(absolute, names[absolute])


class DistributedChunks:
    """Sends chunks to ``riptide worker`` processes and yields their results in input order."""

    def __init__(self, settings: Settings, options: BatchOptions, client: redis.Redis) -> None:
        self.settings = settings
        self.options = options
        self.client = client
        self.run_id = uuid.uuid4().hex
        self._warned = False
        #: Chunks sent and not yet gathered: (result key, assignment), in input order.
        self._pending: deque[tuple[str, Assignment]] = deque()

    @classmethod
    def connect(cls, settings: Settings, options: BatchOptions) -> DistributedChunks:
        """Check the broker before anything is written; ``BrokerError`` naming the setting if not."""
        if not settings.redis_url:
            raise BrokerError(
                "riptide batch --distributed needs RIPTIDE_REDIS_URL: the Redis that the `riptide worker` "
                "processes use as their broker (without it, run the batch here: drop --distributed)"
            )
        client = redis.Redis.from_url(settings.redis_url, socket_connect_timeout=5, socket_timeout=30)
        try:
            client.ping()
        except RedisError as error:
            client.close()
            raise BrokerError(
                f"riptide batch --distributed cannot reach Redis at RIPTIDE_REDIS_URL "
                f"({redacted_url(settings.redis_url)}): {error}"
            ) from None
        configure(settings)
        return cls(settings, options, client)

    def results(self, work: Plan, done: set[str], tally: Tally, progress: Progress) -> Iterator[PageResult]:
        try:
            yield from self._gather(work, done, tally, progress)
        except (RedisError, OperationalError) as error:
            raise BrokerError(
                f"lost Redis at RIPTIDE_REDIS_URL ({redacted_url(self.settings.redis_url or '')}) mid-batch: "
                f"{error}; OUT holds every result gathered so far: run again with --resume"
            ) from None

    def _gather(self, work: Plan, done: set[str], tally: Tally, progress: Progress) -> Iterator[PageResult]:
        pending = self._pending
        planned = enumerate(assignments(work, done, self.settings))
        self._send_upto(pending, planned)
        while pending:
            key, assignment = pending[0]
            payload = self._wait_for(key, tally, progress)
            self.client.delete(key)  # and any second copy from a redelivered task
            pending.popleft()
            self._send_upto(pending, planned)
            progress.advance(assignment.size)
            tally.resumed += len(assignment.done)
            for result in decode_results(payload):
                _rename(result, assignment.names)
                if result.source.key in done:  # read again where the plan could not name it
                    tally.resumed += 1
                    continue
                yield result

    def _send_upto(
        self, pending: deque[tuple[str, Assignment]], planned: Iterator[tuple[int, Assignment]]
    ) -> None:
        while len(pending) < self.settings.batch_chunks_in_flight:
            number, assignment = next(planned, (-1, None))
            if assignment is None:
                return
            key = f"{RESULT_KEY_PREFIX}{self.run_id}:{number}"
            args = [
                chunk_to_dict(assignment.chunk),
                options_to_dict(self.options),
                list(assignment.done),
                key,
                self.settings.batch_result_ttl_secs,
            ]
            app.send_task(TASK_NAME, args=args, queue=BATCH_QUEUE)
            pending.append((key, assignment))

    def _wait_for(self, key: str, tally: Tally, progress: Progress) -> bytes:
        while True:
            found = self.client.blpop([key], timeout=_WAIT_SECS)
            if found is not None:
                _, payload = found
                assert isinstance(payload, bytes)  # the client does not decode responses
                return payload
            progress.show(tally)
            if not self._warned and not any(self.client.scan_iter(match=WORKER_KEY_PREFIX + "*", count=100)):
                self._warned = True
                print(
                    "batch: no riptide worker is running for RIPTIDE_REDIS_URL; waiting for one to start",
                    file=sys.stderr,
                )

    def close(self) -> None:
        """Delete the results of chunks left ungathered (a batch stopped early); a chunk still
        running when it ends leaves its key to expire (``RIPTIDE_BATCH_RESULT_TTL_SECS``)."""
        try:
            if self._pending:
                self.client.delete(*(key for key, _ in self._pending))
        except RedisError:
            pass  # Redis is gone: the keys expire
        finally:
            self.client.close()
