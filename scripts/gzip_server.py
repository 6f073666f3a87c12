"""Serve a folder over HTTP with gzip, as a static host serves a site.

    python3 scripts/gzip_server.py DIR [PORT]        (PORT 0 or absent: a free port)

Text files (HTML, CSS, JS, JSON, SVG, ...) are sent gzip-compressed when the browser
accepts it; fonts and images as they are. Standard library only. Used by
scripts/bench.sh and the page-weight tests.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import sys
import threading

COMPRESSED_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler that compresses text responses (level 6, as nginx does)."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript",
        ".mjs": "application/javascript",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".woff2": "font/woff2",
        ".woff": "font/woff",
    }
    _cache: dict = {}

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) or not os.path.isfile(path):
            return super().send_head()
        ctype = self.guess_type(path)
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not accepts or not ctype.startswith(COMPRESSED_TYPES):
            return super().send_head()
        stat = os.stat(path)
        key = (path, stat.st_mtime_ns, stat.st_size)
        body = self._cache.get(key)
        if body is None:
            with open(path, "rb") as handle:
                body = gzip.compress(handle.read(), compresslevel=6, mtime=0)
            self._cache[key] = body
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.end_headers()
        import io

        return io.BytesIO(body)


def serve(directory: str, port: int = 0) -> http.server.ThreadingHTTPServer:
    """Start serving ``directory`` in a background thread; returns the server."""
    handler = functools.partial(GzipHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    srv = serve(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    print(f"http://127.0.0.1:{srv.server_address[1]}/", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        srv.shutdown()
