"""Serve our Flask app with waitress on a free 127.0.0.1 port in a background thread (for tests
that need a real HTTP server: Label Studio calling us back, or a real browser)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from waitress import create_server, wasyncore

from annotate.web import create_app


@contextmanager
def serve_app(config: dict[str, Any]) -> Iterator[str]:
    """Run ``create_app(config)`` on a free loopback port; yield its base URL; stop it after.

    When ``config["TEST_SEEN"]`` is a list, every answered request is appended to it as
    ``(method, path, status)`` (to observe calls Label Studio makes to us).
    """
    app = create_app(config)
    seen = config.get("TEST_SEEN")
    if isinstance(seen, list):

        @app.after_request
        def record(response: Any) -> Any:
            from flask import request

            seen.append((request.method, request.path, response.status_code))
            return response

    server = create_server(app, host="127.0.0.1", port=0, threads=4, ident="annotate-test")
    url = f"http://127.0.0.1:{server.effective_port}"  # type: ignore[union-attr]
    stopping = threading.Event()

    def run() -> None:
        try:
            server.run()
        except (OSError, ValueError):  # the loop's sockets were closed under it while stopping
            if not stopping.is_set():
                raise

    thread = threading.Thread(target=run, name="annotate-web", daemon=True)
    thread.start()
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        yield url
    finally:
        stopping.set()
        server.task_dispatcher.shutdown(timeout=5)
        wasyncore.close_all(server._map)  # type: ignore[union-attr]
        thread.join(timeout=5)


def wait_for(check: Callable[[], Any], timeout: float = 20.0, interval: float = 0.2, what: str = "condition") -> Any:
    """Poll ``check()`` until it returns something truthy; return it, or fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def app_config(db: Path, **extra: Any) -> dict[str, Any]:
    """Return a test config for ``create_app`` on the store file ``db``."""
    return {"DATABASE": str(db), "TESTING": True, "SECRET_KEY": "test-secret-key", **extra}
