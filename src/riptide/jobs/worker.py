"""``riptide worker``: a Celery worker for RipTide's queues, on any machine that reaches the Redis
at ``RIPTIDE_REDIS_URL``. Each of its ``--concurrency`` processes keeps its own warm sandbox."""

from __future__ import annotations

from ..config import Settings
from ..errors import ConfigError
from .celery_app import QUEUES, app, configure, node_name


def run_worker(settings: Settings, *, concurrency: int, log_level: str) -> None:
    """Run until stopped (SIGTERM finishes the running tasks first; SIGKILL loses nothing either:
    unacknowledged tasks are delivered again after the visibility timeout)."""
    if not settings.redis_url:
        raise ConfigError(
            "riptide worker needs RIPTIDE_REDIS_URL (the Redis that `riptide serve` uses as its broker); "
            "without it `riptide serve` runs crawl jobs itself"
        )
    configure(settings)
    app.worker_main(
        [
            "worker",
            f"--concurrency={concurrency}",
            f"--loglevel={log_level}",
            f"--queues={','.join(QUEUES)}",
            f"--hostname={node_name()}",
            "--pool=prefork",
            "--without-gossip",
            "--without-mingle",
        ]
    )
