"""``run_batch`` end to end in this process: the real component, real files, a real HTTP server."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.batch.conftest import PAGE_NAMES, Archive
from tests.conftest import PAGES, local_site

from riptide.batch import BatchOptions, RunOptions, WarcChunk, process_chunk, run_batch, split_warc
from riptide.batch.outputs import existing, flat_row
from riptide.config import Settings
from riptide.engine.modes import ExtractionMode
from riptide.errors import ConfigError, InputError


@pytest.fixture(scope="module")
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings(fetch_allow_loopback=True, fetch_respect_robots=False, batch_parquet_rows_per_file=5)


def batch(settings: Settings, inputs: list[Path | str], **run: Any) -> Any:
    options = RunOptions(**{"jobs": 1, **run})
    return run_batch([str(name) for name in inputs], BatchOptions(), options, settings)


def read_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_folder_gives_one_document_per_page_in_name_order(
    settings, page_folder: Path, tmp_path, expected
) -> None:
    out = tmp_path / "out.ndjson"
    tally = batch(settings, [page_folder], out=str(out))
    records = read_lines(out)
    assert tally.extracted == len(PAGE_NAMES) == len(records) and tally.errors == 0
    paths = [record["source"]["path"] for record in records]
    assert paths == sorted(paths, key=lambda path: (Path(path).parent != page_folder, path))
    titles = {Path(r["source"]["path"]).name.removesuffix(".gz"): r["document"]["title"] for r in records}
    assert titles["news_article.html"] == expected["news_article.html"]["title"]
    assert {record["source"]["kind"] for record in records} == {"file"}


def test_a_warc_accounts_for_every_record(settings, archive: Archive, tmp_path) -> None:
    out = tmp_path / "out.ndjson"
    tally = batch(settings, [archive.path], out=str(out))
    records = read_lines(out)
    assert tally.extracted == len(archive.pages)
    assert tally.skipped == archive.skipped
    assert tally.errors == len(archive.failing) + archive.broken_regions
    assert tally.total == tally.extracted + tally.skipped + tally.errors
    assert len(records) == tally.extracted + tally.errors  # skipped records are counted, not written
    pages = [r for r in records if r["status"] == "extracted"]
    assert [r["source"]["url"] for r in pages] == list(archive.pages)
    assert all(r["document"]["url"] == r["source"]["url"] and r["document"]["title"] for r in pages)
    errors = {r["source"].get("url"): r["error"]["kind"] for r in records if r["status"] == "error"}
    assert errors == {**dict(archive.failing), None: "invalid-warc"}


@pytest.mark.parametrize("output_format", ["ndjson", "jsonl", "markdown-dir", "parquet"])
def test_every_format_parses_back_to_the_same_results(
    settings, archive: Archive, tmp_path, output_format
) -> None:
    reference = tmp_path / "reference.ndjson"
    batch(settings, [archive.path], out=str(reference))
    want = {r["source"]["key"]: r for r in read_lines(reference)}
    out = tmp_path / "out"
    batch(settings, [archive.path], out=str(out), output_format=output_format)
    got = _parse(out, output_format)
    assert set(got) == set(want)
    for key, row in got.items():
        record = want[key]
        assert row["status"] == record["status"]
        assert row.get("title") == (record.get("document") or {}).get("title")
        assert row.get("error_kind") == (record.get("error") or {}).get("kind")
    assert {key for key, _, _ in existing(output_format, str(out))} == set(want)


def _parse(out: Path, output_format: str) -> dict[str, dict[str, Any]]:
    """Each format read back with a general-purpose reader (json, yaml, pyarrow)."""
    if output_format == "ndjson":
        return {r["source"]["key"]: {**r, **(r.get("document") or {}), **_error(r)} for r in read_lines(out)}
    if output_format == "jsonl":
        return {row["source_key"]: row for row in read_lines(out)}
    if output_format == "markdown-dir":
        rows = {}
        for path in out.glob("*.md"):
            _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
            row = yaml.safe_load(front)
            assert (row["status"] != "extracted") or body.strip(), path
            rows[row["source_key"]] = row
        return rows
    pq = pytest.importorskip(
        "pyarrow.parquet", reason="the optional 'parquet' extra (pyarrow) is not installed"
    )
    parts = sorted(out.glob("part-*.parquet"))
    assert len(parts) > 1  # batch_parquet_rows_per_file=5
    return {row["source_key"]: row for part in parts for row in pq.read_table(part).to_pylist()}


def _error(record: dict[str, Any]) -> dict[str, Any]:
    return {"error_kind": record["error"]["kind"]} if "error" in record else {}


def test_two_jobs_give_the_same_output_as_one(
    settings, archive: Archive, page_folder: Path, tmp_path
) -> None:
    outputs = []
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}.ndjson"
        batch(settings, [archive.path, page_folder], out=str(out), jobs=jobs)
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1] and outputs[0].count("\n") > 20


def test_dedup_drops_near_duplicates_after_the_first(settings, tmp_path) -> None:
    pytest.importorskip("datasketch", reason="the optional 'dedup' extra (datasketch) is not installed")
    article = (PAGES / "news_article.html").read_text(encoding="utf-8")
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.html").write_text(article, encoding="utf-8")
    (folder / "b.html").write_text(
        article.replace("</body>", "<footer>Printed copy</footer></body>"), "utf-8"
    )
    (folder / "c.html").write_text((PAGES / "blog_post.html").read_text(encoding="utf-8"), "utf-8")
    out = tmp_path / "out.ndjson"
    tally = batch(settings, [folder], out=str(out), dedup=True)
    records = read_lines(out)
    assert tally.duplicates == 1 and tally.extracted == 2
    assert [r["status"] for r in records] == ["extracted", "duplicate", "extracted"]
    assert records[1]["duplicate_of"] == str(folder / "a.html") and "document" not in records[1]


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    routes = {
        "/story": (200, "text/html; charset=utf-8", (PAGES / "news_article.html").read_bytes()),
        "/logo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
    }
    with local_site(routes) as base:
        yield base


def test_a_url_list_is_fetched_and_extracted(settings, site: str, tmp_path, expected) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# to extract\n{site}/story\n\n{site}/logo.png\n{site}/missing\n")
    out = tmp_path / "out.ndjson"
    tally = batch(settings, [urls], out=str(out), jobs=2)
    records = read_lines(out)
    assert [r["source"]["url"] for r in records] == [f"{site}/story", f"{site}/logo.png", f"{site}/missing"]
    assert records[0]["document"]["title"] == expected["news_article.html"]["title"]
    assert [r.get("error", {}).get("kind") for r in records] == [
        None,
        "unsupported-content-type",
        "http-status",
    ]
    assert tally.extracted == 1 and tally.errors == 2


def test_inputs_and_outputs_that_cannot_work_are_refused_before_extracting(settings, tmp_path) -> None:
    with pytest.raises(InputError) as missing:
        batch(settings, [tmp_path / "nope.warc"])
    assert missing.value.kind == "unreadable-input" and "nope.warc" in missing.value.message
    taken = tmp_path / "taken.ndjson"
    taken.write_text('{"source": {"key": "x"}, "status": "extracted"}\n')
    with pytest.raises(ConfigError, match="--resume"):
        batch(settings, [PAGES / "blog_post.html"], out=str(taken))
    with pytest.raises(ConfigError, match="folder"):
        batch(settings, [PAGES / "blog_post.html"], output_format="markdown-dir")
    not_ours = tmp_path / "other.ndjson"
    not_ours.write_text("hello\n")
    with pytest.raises(InputError, match="not a riptide batch result"):
        batch(settings, [PAGES / "blog_post.html"], out=str(not_ours), resume=True)


def test_flat_rows_have_every_result_field(settings) -> None:
    from riptide.batch.pages import PageResult, Source

    row = flat_row(
        PageResult(Source.file("a.html"), "error", error_kind="invalid-html", error_message="empty")
    )
    assert row["source_key"] == "a.html" and row["error_kind"] == "invalid-html"
    assert row["links"] == [] and row["title"] is None and row["status"] == "error"


def test_custom_mode_and_selectors_reach_every_page(settings, page_folder: Path, tmp_path) -> None:
    out = tmp_path / "out.ndjson"
    options = BatchOptions(ExtractionMode.CUSTOM, ("h1",))
    run_batch([str(page_folder)], options, RunOptions(out=str(out), jobs=2), settings)
    records = read_lines(out)
    assert len(records) == len(PAGE_NAMES)
    assert all(r["status"] == "extracted" for r in records)
    news = next(r for r in records if r["source"]["path"].endswith("news_article.html"))
    assert news["document"]["text"].strip() == "Harbour Tunnel Reopens After Two-Year Refit"


def test_a_chunk_is_processed_by_one_plain_function_keyed_by_source(extractor, archive: Archive) -> None:
    whole = list(process_chunk(WarcChunk(str(archive.path)), extractor, BatchOptions()))
    ranges = split_warc(str(archive.path), target_bytes=8192)
    pieces = [
        result
        for start, end in ranges
        for result in process_chunk(
            WarcChunk(str(archive.path), start, end), extractor, BatchOptions(), jobs=2
        )
    ]
    assert [(r.source.key, r.status) for r in pieces] == [(r.source.key, r.status) for r in whole]
    assert [r.document.title for r in pieces if r.document] == [r.document.title for r in whole if r.document]
    done = {result.source.key for result in whole[: len(whole) // 2]}
    rest = list(process_chunk(WarcChunk(str(archive.path)), extractor, BatchOptions(), done=done))
    assert [r.source.key for r in rest] == [r.source.key for r in whole[len(whole) // 2 :]]
