"""A small fault-injecting HTTP proxy on 127.0.0.1 in front of the real Label Studio (test code only).

Requests pass through unchanged unless a :class:`Rule` matches (method, path regex, after
``skip`` matching requests, ``times`` times). Faults:

- ``status``: answer ``code`` (500, 502, 503, 429, 400 ...) without asking Label Studio;
- ``delay``: wait ``seconds`` (beyond the client's timeout), then forward;
- ``reset``: close the connection with a TCP RST, nothing answered;
- ``malformed``: forward, then answer 200 with the body cut in half (not JSON);
- ``lost_answer``: forward (Label Studio does the work), then answer 502 (the answer is lost);
- ``call``: run ``hook()`` (e.g. kill the server), then forward (a dead upstream resets the client).

Every request is logged as ``(method, path, what happened, monotonic time)``; ``faults`` counts the injected ones.
"""

from __future__ import annotations

import contextlib
import re
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

HOP = {"connection", "keep-alive", "transfer-encoding", "content-encoding", "content-length", "host",
       "proxy-connection", "upgrade", "te", "trailer"}


@dataclass
class Rule:
    """Inject ``action`` into matching requests: after ``skip`` of them, ``times`` times (``None``: always)."""

    action: str
    method: str | None = None
    path: str = ".*"
    skip: int = 0
    times: int | None = 1
    code: int = 503
    seconds: float = 0.0
    hook: Callable[[], Any] | None = None
    seen: int = 0
    fired: int = 0

    def take(self, method: str, path: str) -> bool:
        """Return whether this request gets the fault (and count it)."""
        if self.method and method != self.method:
            return False
        if not re.search(self.path, path):
            return False
        self.seen += 1
        if self.seen <= self.skip or (self.times is not None and self.fired >= self.times):
            return False
        self.fired += 1
        return True


class FaultProxy:
    """Forward to ``upstream``; inject the faults of the rules added with :meth:`add`."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.rules: list[Rule] = []
        self.log: list[tuple[str, str, str, float]] = []
        self.faults: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.http = httpx.Client(timeout=600)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _handle(self) -> None:
                proxy.handle(self)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _handle  # noqa: N815

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, name="fault-proxy", daemon=True)

    def __enter__(self) -> FaultProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.http.close()

    def add(self, action: str, **kw: Any) -> Rule:
        """Add a rule (see :class:`Rule`); return it (``rule.fired`` tells how often it acted)."""
        rule = Rule(action, **kw)
        with self.lock:
            self.rules.append(rule)
        return rule

    def clear(self) -> None:
        """Drop every rule (requests pass through again)."""
        with self.lock:
            self.rules.clear()

    def times(self, method: str | None = None, path: str = ".*") -> list[float]:
        """Return when requests matching ``method``/``path`` arrived (``time.monotonic()``)."""
        return [t for m, p, _, t in self.log if (method is None or m == method) and re.search(path, p)]

    def requests(self, method: str | None = None, path: str = ".*") -> int:
        """Return how many requests matching ``method``/``path`` reached the proxy."""
        return sum(1 for m, p, _, _ in self.log if (method is None or m == method) and re.search(path, p))

    # ------------------------------------------------------------------ serving

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        method, path = h.command, h.path
        with self.lock:
            rule = next((r for r in self.rules if r.take(method, path)), None)
        action = rule.action if rule else "forward"
        with self.lock:
            self.log.append((method, path, action, time.monotonic()))
            if rule:
                self.faults[action if action != "status" else f"status {rule.code}"] += 1
        try:
            if rule is None:
                self._forward(h, method, path, body)
            elif action == "status":
                payload = b'{"detail": "injected fault"}'
                self._answer(h, rule.code, {"Content-Type": "application/json", "Retry-After": "0"}, payload)
            elif action == "delay":
                time.sleep(rule.seconds)
                self._forward(h, method, path, body)
            elif action == "reset":
                self._reset(h)
            elif action == "malformed":
                status, _headers, content = self._upstream(h, method, path, body)
                self._answer(h, 200, {"Content-Type": "application/json"}, content[: max(1, len(content) // 2)])
            elif action == "lost_answer":
                self._upstream(h, method, path, body)
                self._answer(h, 502, {"Content-Type": "text/html"}, b"<html>502 Bad Gateway</html>")
            elif action == "call":
                assert rule.hook is not None
                rule.hook()
                self._forward(h, method, path, body)
            else:
                raise ValueError(f"unknown fault {action!r}")
        except (BrokenPipeError, ConnectionResetError):
            h.close_connection = True  # the client gave up (timed out) while we waited

    def _upstream(self, h: BaseHTTPRequestHandler, method: str, path: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        headers = {k: v for k, v in h.headers.items() if k.lower() not in HOP and k.lower() != "accept-encoding"}
        response = self.http.request(method, self.upstream + path, headers=headers, content=body)
        return response.status_code, {k: v for k, v in response.headers.items() if k.lower() not in HOP}, response.content

    def _forward(self, h: BaseHTTPRequestHandler, method: str, path: str, body: bytes) -> None:
        try:
            status, headers, content = self._upstream(h, method, path, body)
        except httpx.HTTPError:
            self._reset(h)  # the upstream died: the client sees the connection drop, as it would directly
            return
        self._answer(h, status, headers, content)

    @staticmethod
    def _answer(h: BaseHTTPRequestHandler, status: int, headers: dict[str, str], content: bytes) -> None:
        h.send_response(status)
        for key, value in headers.items():
            h.send_header(key, value)
        h.send_header("Content-Length", str(len(content)))
        h.end_headers()
        h.wfile.write(content)
        h.wfile.flush()

    @staticmethod
    def _reset(h: BaseHTTPRequestHandler) -> None:
        h.close_connection = True
        sock: socket.socket = h.connection
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
