"""Hostile sitemaps, feeds and robots.txt, which the host reads itself: seconds and memory per
document, and whether `riptide serve` keeps answering while /v1/map reads them.

    .venv/bin/python benchmarks/hostile_sitemaps.py [--mb 50] [--shapes flat,deep,...]
                                                   [--baseline COMMIT] [--serve [--documents 4]]
                                                   [--robots URLS]

Why: a site's sitemaps, feeds and robots.txt are untrusted, and the host parses them (the
sandbox is for HTML). Each shape below is built at ``--mb`` MB (the sitemap protocol's 50 MB by
default; gzip makes any of them a few KB on the wire) and read by ``parse_xml_links`` in a fresh
child process, which reports the CPU seconds and how much the read grew its peak RSS
(``--shapes ""`` skips this). ``--baseline COMMIT`` reads the same documents with that commit's
``src/`` beside this tree's, in the same run.

``--serve`` starts `riptide serve` on 127.0.0.1 (and, with ``--baseline``, one running the
baseline's code on the same component) and a local site whose robots.txt names a sitemap index of
``--documents`` copies of ``--serve-shape``; while one POST /v1/map reads them, /healthz is
asked every 20 ms. Printed: the map's seconds, its status, the /healthz latencies (p50, p99,
worst) and the server's peak RSS (VmHWM) after the map and before it. ``--robots URLS`` does the
same for a site whose robots.txt is 500 KiB of wildcard rules (each tried in turn for every URL)
and whose sitemap lists URLS pages, each checked against it. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import httpx
from load_test import free_port, rss_mb, wait_ready
from output_passes import checkout

ROOT = Path(__file__).resolve().parent.parent
URL_ENTRY = b"<url><loc>https://example.com/page</loc></url>"

#: Each shape: Python building ``size`` bytes of document (run in the child, so that building it
#: is not counted in the read's memory).
SHAPES = {
    # elements, each a node of a tree
    "flat": 'b"<urlset>" + b"<a/>" * (size // 4)',
    # open elements: expat keeps each, a tree too
    "deep": 'b"<urlset>" + b"<a>" * (size // 3)',
    # distinct names: expat keeps each
    "names": 'b"<urlset>" + b"".join(b"<n%d/>" % i for i in range(size // 12))',
    # one start tag's attributes: read all at once
    "attributes": 'b"<urlset><a " + b"".join(b"x%d=\'\' " % i for i in range(size // 12)) + b"/>"',
    # a comment (and a processing instruction) is read again from its start at every chunk
    "comment": 'b"<urlset><!--" + (b"c" * 65535 + b"<") * (size // 65536) + b"--></urlset>"',
    "instruction": 'b"<urlset><?p " + (b"c" * 65535 + b"<") * (size // 65536) + b"?></urlset>"',
    # one attribute value of the whole size
    "long-value": 'b"<urlset><a x=\'" + b"v" * size + b"\'/></urlset>"',
    # a URL every 19,990 elements: under the run limit, up to the element limit
    "sparse": '(b"<urlset>" + (URL_ENTRY + b"<a/>" * 19_988) * (size // 80_000))',
    # a real listing: 50,000 URLs is the protocol's limit, what follows is not read
    "many-urls": 'b"<urlset>" + URL_ENTRY * (size // len(URL_ENTRY)) + b"</urlset>"',
    # a real listing of pages in 50 languages each (hreflang alternates)
    "hreflang": 'b"<urlset xmlns:xhtml=\'http://www.w3.org/1999/xhtml\'>" + (b"<url><loc>https://example.com/p</loc>"'
    " + b\"<xhtml:link rel='alternate' hreflang='de' href='https://example.com/de/p'/>\" * 50 + b\"</url>\")"
    ' * (size // 4000) + b"</urlset>"',
}

READ_ONE = """
import json, resource, sys, time
from riptide.discovery.xml import parse_xml_links
URL_ENTRY = {entry!r}
size = {size}
body = {expression}
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.process_time()
try:
    found = parse_xml_links(body, "https://example.com/sitemap.xml")
    outcome = (len(found.pages) + len(found.sitemaps), getattr(found, "problem", None))
except Exception as error:
    outcome = (0, f"{{type(error).__name__}}: {{error}}")
seconds = time.process_time() - started
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(json.dumps([len(body), seconds, grown, *outcome]))
"""


def read_in_child(src: Path, shape: str, size: int) -> list:
    """[bytes, CPU seconds, peak RSS growth MB, URLs, problem] of one read by the code in ``src``."""
    script = READ_ONE.format(entry=URL_ENTRY, size=size, expression=SHAPES[shape])
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=900
    )
    if done.returncode != 0:
        return [size, float("nan"), float("nan"), 0, f"exit {done.returncode}: {done.stderr.strip()[-160:]}"]
    return json.loads(done.stdout)


def documents(trees: dict[str, Path], shapes: list[str], size: int) -> None:
    print(f"each shape at {size / 2**20:.0f} MB, read in a fresh process: CPU s / peak RSS growth MB / URLs")
    print(f"{'shape':<12}" + "".join(f"{name:>30}" for name in trees) + "   problem (this tree)")
    for shape in shapes:
        cells, problem = [], ""
        for name, src in trees.items():
            _, seconds, grown, urls, said = read_in_child(src, shape, size)
            cells.append(f"{seconds:8.2f} s {grown:7.0f} MB {urls:7d}")
            problem = said if name == "this tree" else problem
        short = (problem or "")[len("https://example.com/sitemap.xml ") :].split(";")[0]
        print(f"{shape:<12}" + "".join(f"{cell:>30}" for cell in cells) + f"   {short}")


class _Site(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[str, bytes]]] = {}

    def do_GET(self) -> None:
        content_type, body = self.routes.get(self.path, ("text/plain", b""))
        self.send_response(200 if self.path in self.routes else 404)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def serve_site(documents: list[bytes], robots_rules: str = "") -> tuple[ThreadingHTTPServer, str]:
    """A site on 127.0.0.1 whose robots.txt (``robots_rules`` for everyone) names an index of
    ``documents`` (gzip); ``{base}`` in a document is the site's own address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    index = "".join(f"<sitemap><loc>{base}/s{n}.xml.gz</loc></sitemap>" for n in range(len(documents)))
    robots = f"Sitemap: {base}/index.xml\nUser-agent: *\n{robots_rules}"  # all within 512 KiB
    _Site.routes = {
        "/robots.txt": ("text/plain", robots.encode()),
        "/index.xml": ("application/xml", f"<sitemapindex>{index}</sitemapindex>".encode()),
        "/": ("text/html", b"<title>Home</title><p>Home page, a paragraph of it.</p>"),
        **{
            f"/s{n}.xml.gz": ("application/gzip", gzip.compress(body.replace(b"{base}", base.encode())))
            for n, body in enumerate(documents)
        },
    }
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, base


def hostile_robots_rules(size: int) -> str:
    """``size`` characters of wildcard rules: Protego tries each in turn for every URL."""
    rules = "".join(f"Disallow: /*{n}*x{n}\n" for n in range(size // 18))
    return rules[:size].rsplit("\n", 1)[0] + "\n"


def map_beside_health(src: Path, site: str, component: Path) -> str:
    """One /v1/map of ``site`` on a `riptide serve` running the code in ``src``, /healthz polled."""
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(src),
        "RIPTIDE_FETCH_ALLOW_LOOPBACK": "true",
        "RIPTIDE_CACHE_ENABLED": "false",
        "RIPTIDE_WASM_COMPONENT": str(component),
        "RIPTIDE_API_REQUEST_TIMEOUT_SECS": "900",
    }
    serve = "import sys; from riptide.cli import main; sys.argv[0] = 'riptide'; main()"
    command = [sys.executable, "-c", serve, "serve", "--port", str(port), "--log-level", "warning"]
    server = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base)
        outcome: list[str] = []

        def map_site() -> None:
            started = time.perf_counter()
            response = httpx.post(base + "/v1/map", json={"url": site + "/"}, timeout=900)
            errors = response.json().get("errors", []) if response.status_code == 200 else []
            outcome.append(
                f"map {response.status_code} in {time.perf_counter() - started:6.1f} s, {len(errors)} errors"
            )

        before = rss_mb(server.pid, "VmHWM")
        mapping = threading.Thread(target=map_site)
        mapping.start()
        latencies = []
        while mapping.is_alive():
            started = time.perf_counter()
            httpx.get(base + "/healthz", timeout=900)
            latencies.append(time.perf_counter() - started)
            time.sleep(0.02)
        mapping.join()
        ordered = sorted(latencies) or [float("nan")]
        p99 = ordered[min(len(ordered) - 1, round(0.99 * len(ordered)))]
        return (
            f"{outcome[0]}; /healthz n={len(ordered)} p50 {statistics.median(ordered) * 1000:.0f} ms"
            f" p99 {p99 * 1000:.0f} ms worst {ordered[-1] * 1000:.0f} ms;"
            f" server peak RSS {rss_mb(server.pid, 'VmHWM'):.0f} MB"
            f" ({before:.0f} MB before the map)"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50)
    parser.add_argument(
        "--shapes", default=",".join(SHAPES), help="comma-separated, of: " + ", ".join(SHAPES)
    )
    parser.add_argument("--baseline", help="a commit whose src/ reads the same documents")
    parser.add_argument(
        "--serve", action="store_true", help="also /v1/map on riptide serve, /healthz beside it"
    )
    parser.add_argument("--serve-shape", default="sparse", choices=SHAPES)
    parser.add_argument("--documents", type=int, default=4, help="hostile sitemaps the index lists (--serve)")
    parser.add_argument(
        "--robots",
        type=int,
        default=0,
        metavar="URLS",
        help="also /v1/map of URLS under a hostile robots.txt",
    )
    args = parser.parse_args()
    shapes = [shape for shape in args.shapes.split(",") if shape]
    unknown = [shape for shape in shapes if shape not in SHAPES]
    if unknown:
        parser.error(f"unknown shape(s) {', '.join(unknown)}; known: {', '.join(SHAPES)}")
    size = int(args.mb * 2**20) - 1024  # room for each shape's few bytes around the repeated part
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"this tree": ROOT / "src"}
        if args.baseline:
            trees[f"baseline {args.baseline}"] = checkout(args.baseline, Path(tmp)) / "src"
        if shapes:
            documents(trees, shapes, size)
        component = ROOT / "src" / "riptide" / "_wasm" / "riptide-extractor.wasm"
        if args.serve:
            namespace = {"URL_ENTRY": URL_ENTRY, "size": size}
            hostile = eval(SHAPES[args.serve_shape], namespace)
            print(
                f"\n/v1/map over {args.documents} x {args.serve_shape} ({args.mb:.0f} MB each),"
                " /healthz every 20 ms:"
            )
            serve_beside(trees, component, [hostile] * args.documents)
        if args.robots:
            listing = b"".join(b"<url><loc>{base}/p/%d</loc></url>" % n for n in range(args.robots))
            print(
                f"\n/v1/map over a sitemap of {args.robots:,} URLs under a 500 KiB robots.txt of"
                " wildcard rules, /healthz every 20 ms:"
            )
            serve_beside(
                trees, component, [b"<urlset>" + listing + b"</urlset>"], hostile_robots_rules(500 * 1024)
            )


def serve_beside(
    trees: dict[str, Path], component: Path, documents: list[bytes], robots_rules: str = ""
) -> None:
    site, base = serve_site(documents, robots_rules)
    try:
        for name, src in trees.items():
            print(f"  {name}: {map_beside_health(src, base, component)}")
    finally:
        site.shutdown()


if __name__ == "__main__":
    main()
