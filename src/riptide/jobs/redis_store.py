"""The shared job store: Redis, used when ``RIPTIDE_REDIS_URL`` is set (API and workers).

Keys of one job share the hash tag ``{id}``: ``riptide:job:{id}:spec`` (JSON), ``:status``,
``:frontier`` (hash: frontier key → {url, depth, owner}), ``:done`` (set of frontier keys),
``:docs`` (hash: document key → JSON) with ``:order`` (list of document keys, in storing
order), ``:errors`` (list; ``:noted`` guards problems that are no frontier URL's) and
``:counts`` (hash). ``riptide:jobs`` holds every job id and
``riptide:jobs:pages`` counts documents stored. ``admit`` and ``finish`` are Lua scripts, so each
is atomic however many workers run them.

A short Redis outage is ridden out: redis-py retries a command on connection errors and
timeouts with exponential backoff for about ``OUTAGE_RIDE_OUT_SECS``; past that the command
raises ``JobStoreError`` (and a Celery page task is retried or redelivered).
"""

from __future__ import annotations

import json
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from ..discovery import frontier_key
from ..errors import JobStoreError
from .model import Admission, JobCounts, JobSpec, JobStatus, PageOutcome, PageTask

JOBS_KEY = "riptide:jobs"
PAGES_KEY = "riptide:jobs:pages"
#: About how long commands keep being retried while Redis is unreachable (backoff 0.1 s → 2 s).
OUTAGE_RIDE_OUT_SECS = 15
RETRIES = 10
SOCKET_TIMEOUT_SECS = 5.0

ADMIT = """
local known = redis.call('HGET', KEYS[1], ARGV[1])
if known then return {'known', known} end
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then return {'full', ''} end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return {'new', ARGV[2]}
"""

FINISH = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
local column = 'aliases'
if ARGV[2] == 'document' then
  if redis.call('HSETNX', KEYS[2], ARGV[3], ARGV[4]) == 1 then
    redis.call('RPUSH', KEYS[3], ARGV[3])
    redis.call('INCR', KEYS[6])
    column = 'completed'
  end
elseif ARGV[2] == 'error' then
  redis.call('RPUSH', KEYS[4], ARGV[4])
  column = 'failed'
end
redis.call('HINCRBY', KEYS[5], column, 1)
return column
"""

STATUS_CHANGE = """
local current = redis.call('GET', KEYS[1])
for i = 2, #ARGV do
  if current == ARGV[i] then redis.call('SET', KEYS[1], ARGV[1]); return 1 end
end
return 0
"""


def _key(job_id: str, part: str) -> str:
    return f"riptide:job:{{{job_id}}}:{part}"


class RedisJobStore:
    """``JobStore`` over Redis (see the module docstring)."""

    name = "redis"

    def __init__(self, url: str) -> None:
        self._client: Redis = Redis.from_url(
            url,
            decode_responses=True,
            socket_timeout=SOCKET_TIMEOUT_SECS,
            socket_connect_timeout=SOCKET_TIMEOUT_SECS,
            retry=Retry(ExponentialBackoff(cap=2.0, base=0.1), RETRIES),
            retry_on_error=[RedisConnectionError, RedisTimeoutError, OSError],
            health_check_interval=30,
        )
        self._admit = self._client.register_script(ADMIT)
        self._finish = self._client.register_script(FINISH)
        self._status_change = self._client.register_script(STATUS_CHANGE)

    async def _do(self, work: Any) -> Any:
        try:
            return await work
        except (RedisError, OSError) as error:
            raise JobStoreError(f"the job store (Redis) failed: {error}") from None

    async def create(self, job_id: str, spec: JobSpec) -> None:
        async with self._client.pipeline(transaction=True) as pipe:
            pipe.set(_key(job_id, "spec"), spec.to_json())
            pipe.set(_key(job_id, "status"), JobStatus.QUEUED.value)
            pipe.sadd(JOBS_KEY, job_id)
            await self._do(pipe.execute())

    async def spec(self, job_id: str) -> JobSpec | None:
        text = await self._do(self._client.get(_key(job_id, "spec")))
        return JobSpec.from_json(text) if text else None

    async def status(self, job_id: str) -> JobStatus | None:
        value = await self._do(self._client.get(_key(job_id, "status")))
        return JobStatus(value) if value else None

    async def transition(self, job_id: str, to: JobStatus, allowed_from: tuple[JobStatus, ...]) -> bool:
        changed = await self._do(
            self._status_change(
                keys=[_key(job_id, "status")], args=[to.value, *(s.value for s in allowed_from)]
            )
        )
        return bool(changed)

    async def admit(self, job_id: str, url: str, depth: int, owner: str | None, limit: int) -> Admission:
        entry = json.dumps({"url": url, "depth": depth, "owner": owner})
        verdict, stored = await self._do(
            self._admit(keys=[_key(job_id, "frontier")], args=[frontier_key(url), entry, limit])
        )
        if verdict == "full":
            return Admission(new=False, owner=None, full=True)
        return Admission(new=verdict == "new", owner=json.loads(stored)["owner"])

    async def finish(self, job_id: str, outcome: PageOutcome) -> str | None:
        kind, payload = "alias", ""
        if outcome.document is not None:
            kind, payload = "document", json.dumps(outcome.document)
        elif outcome.error is not None:
            kind, payload = "error", json.dumps(outcome.error)
        keys = [_key(job_id, part) for part in ("done", "docs", "order", "errors", "counts")] + [PAGES_KEY]
        column = await self._do(
            self._finish(keys=keys, args=[frontier_key(outcome.url), kind, outcome.key, payload])
        )
        return str(column) if column else None

    async def is_done(self, job_id: str, url: str) -> bool:
        return bool(await self._do(self._client.sismember(_key(job_id, "done"), frontier_key(url))))

    async def note_error(self, job_id: str, error: dict[str, Any]) -> None:
        if await self._do(self._client.sadd(_key(job_id, "noted"), str(error.get("url", "")))):
            await self._do(self._client.rpush(_key(job_id, "errors"), json.dumps(error)))

    async def counts(self, job_id: str) -> JobCounts:
        async with self._client.pipeline(transaction=False) as pipe:
            pipe.hlen(_key(job_id, "frontier"))
            pipe.scard(_key(job_id, "done"))
            pipe.hgetall(_key(job_id, "counts"))
            admitted, done, counts = await self._do(pipe.execute())
        numbers = {name: int(value) for name, value in counts.items()}
        return JobCounts(
            admitted, done, numbers.get("completed", 0), numbers.get("failed", 0), numbers.get("aliases", 0)
        )

    async def documents(self, job_id: str, offset: int, count: int) -> list[dict[str, Any]]:
        keys = await self._do(self._client.lrange(_key(job_id, "order"), offset, offset + count - 1))
        if not keys:
            return []
        payloads = await self._do(self._client.hmget(_key(job_id, "docs"), keys))
        return [json.loads(payload) for payload in payloads if payload]

    async def errors(self, job_id: str) -> list[dict[str, Any]]:
        return [
            json.loads(item) for item in await self._do(self._client.lrange(_key(job_id, "errors"), 0, -1))
        ]

    async def pending(self, job_id: str) -> list[PageTask]:
        frontier = await self._do(self._client.hgetall(_key(job_id, "frontier")))
        done = await self._do(self._client.smembers(_key(job_id, "done")))
        entries = [json.loads(value) for key, value in frontier.items() if key not in done]
        return [PageTask(job_id, entry["url"], entry["depth"]) for entry in entries]

    async def _statuses(self) -> dict[str, str]:
        ids = sorted(await self._do(self._client.smembers(JOBS_KEY)))
        if not ids:
            return {}
        values = await self._do(self._client.mget([_key(job_id, "status") for job_id in ids]))
        return {job_id: value for job_id, value in zip(ids, values, strict=True) if value}

    async def unfinished_jobs(self) -> list[str]:
        unfinished = (JobStatus.QUEUED.value, JobStatus.RUNNING.value)
        return [job_id for job_id, status in (await self._statuses()).items() if status in unfinished]

    async def jobs_by_status(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for status in (await self._statuses()).values():
            counts[status] = counts.get(status, 0) + 1
        return counts

    async def pages_stored(self) -> int:
        return int(await self._do(self._client.get(PAGES_KEY)) or 0)

    async def health(self) -> dict[str, Any]:
        try:
            await self._client.ping()
        except (RedisError, OSError) as error:
            return {"status": "unhealthy", "backend": self.name, "error": str(error)}
        return {"status": "healthy", "backend": self.name, "error": None}

    async def aclose(self) -> None:
        await self._client.aclose()
