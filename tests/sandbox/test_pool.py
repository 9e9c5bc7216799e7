"""Instances are reused, retired when worn, bounded in number, and serve threads in parallel."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from tests.sandbox.test_limits import SMALL, heavy_page

from riptide import Extractor
from riptide.extractor import HEAVY_DOCUMENT_CHARS

PAGE = (
    "<html lang='en'><head><title>Pool test</title></head><body><article>"
    + "".join(
        f"<p>Paragraph number {i}, with enough words to be content, and a comma.</p>" for i in range(30)
    )
    + "</article></body></html>"
)


def test_healthy_instances_are_reused(make_settings) -> None:
    with Extractor(make_settings(wasm_initial_pool_size=1), engine="wasm") as extractor:
        for _ in range(5):
            extractor.extract(PAGE, "https://example.com/")
        figures = extractor.metrics.snapshot()
        assert figures["instances_created"] == 1 and figures["instances_retired"] == 0
        assert extractor.sandbox is not None and extractor.sandbox.pool.idle == 1


def test_instances_retire_after_max_uses(make_settings) -> None:
    with Extractor(
        make_settings(wasm_initial_pool_size=1, wasm_max_instance_uses=2), engine="wasm"
    ) as extractor:
        for _ in range(6):
            extractor.extract(PAGE, "https://example.com/")
        figures = extractor.metrics.snapshot()
        assert figures["instances_retired"] == 3 and figures["instances_created"] == 3


def test_reuse_disabled_creates_an_instance_per_call(make_settings) -> None:
    with Extractor(
        make_settings(wasm_initial_pool_size=0, wasm_enable_reuse=False), engine="wasm"
    ) as extractor:
        for _ in range(3):
            extractor.extract(PAGE, "https://example.com/")
        assert extractor.metrics.get("instances_created") == 3


def test_memory_pressure_retires_bloated_instances(make_settings) -> None:
    # A threshold below the guest's resting size retires every instance after its call.
    settings = make_settings(wasm_initial_pool_size=0, wasm_memory_pressure_threshold=0.01)
    with Extractor(settings, engine="wasm") as extractor:
        for _ in range(2):
            extractor.extract(PAGE, "https://example.com/")
        assert extractor.metrics.get("instances_retired") == 2


def test_concurrent_threads_share_a_bounded_pool(make_settings) -> None:
    with Extractor(make_settings(wasm_initial_pool_size=0, wasm_max_pool_size=3), engine="wasm") as extractor:
        with ThreadPoolExecutor(max_workers=8) as threads:
            docs = list(threads.map(lambda i: extractor.extract(PAGE, f"https://example.com/{i}"), range(24)))
        assert {doc.engine for doc in docs} == {"wasm"}
        assert len({doc.text for doc in docs}) == 1
        assert [doc.url for doc in docs] == [f"https://example.com/{i}" for i in range(24)]
        assert extractor.sandbox is not None
        assert extractor.metrics.get("instances_created") <= 3
        assert extractor.sandbox.pool.active == 0


def test_async_callers_run_concurrently(make_settings) -> None:
    async def main(extractor: Extractor) -> list[str]:
        docs = await asyncio.gather(*(extractor.aextract(PAGE, f"https://example.com/{i}") for i in range(8)))
        return [doc.url for doc in docs]

    with Extractor(make_settings(wasm_max_pool_size=4), engine="wasm") as extractor:
        assert asyncio.run(main(extractor)) == [f"https://example.com/{i}" for i in range(8)]


def test_aggressive_gc_drops_instances_beyond_the_warm_ones(make_settings) -> None:
    """After a burst of three calls, the pool keeps three instances, or one with aggressive GC."""
    idle_pages = {}
    for aggressive in (False, True):
        settings = make_settings(
            wasm_initial_pool_size=1, wasm_max_pool_size=3, wasm_aggressive_gc=aggressive
        )
        with Extractor(settings, engine="wasm") as extractor:
            host = extractor.sandbox
            assert host is not None
            with host.pool.acquire() as first, host.pool.acquire() as second, host.pool.acquire() as third:
                burst = [
                    instance.call("health-check", deadline_ticks=1000) for instance in (first, second, third)
                ]
                assert all(vars(health)["status"] == "healthy" for health in burst)
            figures = extractor.metrics.snapshot()
            assert figures["instances_created"] == 3
            assert host.pool.idle == (1 if aggressive else 3)
            assert figures["instances_retired"] == (2 if aggressive else 0)
            idle_pages[aggressive] = host.pool.memory_pages()
            assert extractor.extract(PAGE, "https://example.com/").engine == "wasm"
            assert host.pool.idle == (1 if aggressive else 3)
    assert idle_pages[True] * 2 < idle_pages[False]  # the dropped instances' memory is given back


def test_heavy_documents_share_a_lane_and_never_take_the_whole_pool(make_settings) -> None:
    """With a pool of 4, heavy documents run one at a time while an ordinary one goes straight in."""
    heavy = heavy_page(6_000)
    assert len(heavy) >= HEAVY_DOCUMENT_CHARS
    with Extractor(make_settings(wasm_max_pool_size=4, wasm_initial_pool_size=2), engine="wasm") as extractor:
        host = extractor.sandbox
        assert host is not None
        finished: list[str] = []
        most_active = 0

        def run(name: str, html: str) -> None:
            extractor.extract(html, "https://example.com/")
            finished.append(name)

        threads = [threading.Thread(target=run, args=(f"heavy-{i}", heavy)) for i in range(3)]
        for thread in threads:
            thread.start()
        time.sleep(0.2)  # the heavy ones are queued in their lane
        light = threading.Thread(target=run, args=("light", SMALL))
        light.start()
        while any(thread.is_alive() for thread in threads):
            most_active = max(most_active, host.pool.active)
            time.sleep(0.005)
        light.join()
    assert most_active <= 2  # one heavy document, plus the light one while it ran
    assert finished.index("light") < 2  # served before the heavy queue drained
