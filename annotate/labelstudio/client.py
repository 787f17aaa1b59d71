"""The only module that talks to Label Studio over the network: thin wrappers over SDK 2.x.

Requests go through the SDK client's own HTTP layer (base URL, auth header, timeouts) with
bodies serialised by ``json.dumps`` and answers returned as plain JSON, which keeps large
imports and exports fast. Idempotent requests (GET, PATCH, PUT, DELETE) are retried with
exponential backoff on connection errors, timeouts, 5xx and 429. A POST is retried only
when the server did nothing: the connection was refused, or it answered 429 (rate limited)
or 503 (unavailable); after a timeout, a reset or another 5xx the server may have done the
work, so a retry could create a duplicate and the command fails instead (push reconciles
with the tasks Label Studio has when it is run again). A ``Retry-After`` header on a 429 or
503 is honoured (at most 30 s), and no retry starts once ``RETRY_BUDGET`` seconds (180)
have passed since the first attempt. A 4xx or a body that is not JSON becomes one clear
line naming the request.

Environment (read when a client is made without explicit values, so every command obeys it):

- ``ANNOTATE_LS_TIMEOUT``: seconds to wait for each request (default 60; raise it for very
  large exports);
- ``ANNOTATE_LS_RETRIES``: how many times a failed request is retried (default 4; 0: never).

With the defaults a hung server fails a command after about three minutes.
"""

from __future__ import annotations

import email.utils
import json
import os
import re
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx

from annotate.errors import AnnotateError, ConfigError, InputError
from annotate.labelstudio.settings import Connection
from annotate.labelstudio.settings import client as sdk_client

DEFAULT_RETRIES = 4
DEFAULT_BACKOFF = 0.5  # seconds before the first retry, doubled each time
MAX_BACKOFF = 10.0  # seconds: the longest pause the doubling reaches
DEFAULT_TIMEOUT = 60.0  # seconds per request
RETRY_BUDGET = 180.0  # seconds after the first attempt when no further retry starts
MAX_RETRY_AFTER = 30.0  # seconds: the longest ``Retry-After`` pause honoured
NOT_PROCESSED = (429, 503)  # answers meaning the server did nothing: safe to send even a POST again
ENV_TIMEOUT = "ANNOTATE_LS_TIMEOUT"
ENV_RETRIES = "ANNOTATE_LS_RETRIES"


class LabelStudioError(AnnotateError):
    """Label Studio refused a request or answered something unusable (one line)."""


class LabelStudioUnavailable(LabelStudioError):
    """Label Studio could not be reached (down, restarting, or timing out) after retries."""


class LabelStudioClient:
    """Label Studio operations used by push, pull, the demo and the webhook receiver."""

    def __init__(
        self,
        conn: Connection,
        *,
        retries: int | None = None,
        backoff: float = DEFAULT_BACKOFF,
        timeout: float | None = None,
        budget: float = RETRY_BUDGET,
    ) -> None:
        """``retries`` and ``timeout`` (seconds per request) default to ``ANNOTATE_LS_RETRIES`` /
        ``ANNOTATE_LS_TIMEOUT``, else 4 and 60; ``budget``: seconds after which no retry starts."""
        self.conn = conn
        self.url = conn.url
        self.retries = retries if retries is not None else int(_env_number(ENV_RETRIES, DEFAULT_RETRIES, whole=True))
        self.timeout = timeout if timeout is not None else _env_number(ENV_TIMEOUT, DEFAULT_TIMEOUT)
        self.backoff = backoff
        self.budget = budget
        self.sdk = sdk_client(conn, timeout=self.timeout, max_retries=0)
        self._http = self.sdk._client_wrapper.httpx_client

    def __repr__(self) -> str:
        return f"LabelStudioClient({self.url!r})"

    # ------------------------------------------------------------------ transport

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: Any = None,
        missing_ok: bool = False,
    ) -> Any:
        """Send one request and return its JSON (``None`` for 404 when ``missing_ok``).

        A retry (see the module docstring) waits ``backoff`` seconds, doubled each time up to
        10 s, or longer when a 429/503 answer's ``Retry-After`` asks (at most 30 s)."""
        idempotent = method in ("GET", "PATCH", "PUT", "DELETE")
        where = f"Label Studio {method} /{path}"
        delay = self.backoff
        # serialise once with json.dumps (the SDK's generic encoder costs seconds on big imports)
        content = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = None if body is None else {"Content-Type": "application/json"}
        started = time.monotonic()
        for attempt in range(self.retries + 1):
            error: LabelStudioError
            wait = delay
            try:
                response = self._http.request(
                    path, method=method, params=params, content=content, headers=headers,
                    request_options={"max_retries": 0},
                )
            except httpx.ConnectError as exc:  # refused: nothing reached the server
                error = LabelStudioUnavailable(f"{where}: cannot connect to {self.url} ({exc})")
                retryable = True
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                error = LabelStudioUnavailable(
                    f"{where}: {type(exc).__name__} talking to {self.url}; run the command again to resume"
                )
                retryable = idempotent
            else:
                status = response.status_code
                if status >= 500 or status == 429:
                    error = LabelStudioUnavailable(f"{where}: HTTP {status} from {self.url}: {_detail(response)}")
                    retryable = idempotent or status in NOT_PROCESSED
                    if status in NOT_PROCESSED:
                        wait = max(delay, _retry_after(response))
                elif status == 404 and missing_ok:
                    return None
                elif status in (401, 403):
                    raise ConfigError(f"{where}: HTTP {status}: the API token was refused ({_detail(response)})")
                elif status >= 400:
                    raise LabelStudioError(f"{where}: HTTP {status}: {_detail(response)}")
                else:
                    if status == 204 or not response.content:
                        return None
                    try:
                        return response.json()
                    except ValueError:
                        raise LabelStudioError(
                            f"{where}: malformed JSON in the answer: {response.text[:80]!r}"
                        ) from None
            if attempt == self.retries or not retryable or time.monotonic() - started + wait > self.budget:
                raise error
            time.sleep(wait)
            delay = min(delay * 2, MAX_BACKOFF)
        raise AssertionError("unreachable")  # pragma: no cover

    # ------------------------------------------------------------------ projects

    def get_project(self, project: int) -> dict[str, Any] | None:
        """Return a project's settings, or ``None`` when it does not exist."""
        return self.request("GET", f"api/projects/{project}/", missing_ok=True)  # type: ignore[no-any-return]

    def find_projects(self, title: str) -> list[dict[str, Any]]:
        """Return the projects whose title is exactly ``title``."""
        found: list[dict[str, Any]] = []
        page = 1
        while True:
            data = self.request("GET", "api/projects/", params={"page": page, "page_size": 100, "title": title},
                                missing_ok=True)
            if not data:
                return found
            items = data.get("results", data) if isinstance(data, dict) else data
            found += [p for p in items if p.get("title") == title]
            if not isinstance(data, dict) or not data.get("next"):
                return found
            page += 1

    def create_project(self, title: str, label_config: str, **fields: Any) -> dict[str, Any]:
        """Create a project with ``label_config`` and other settings (``expert_instruction`` ...)."""
        return self.request(  # type: ignore[no-any-return]
            "POST", "api/projects/", body={"title": title, "label_config": label_config, **fields}
        )

    def update_project(self, project: int, **fields: Any) -> dict[str, Any]:
        """Change project settings (``model_version``, ``maximum_annotations`` ...)."""
        return self.request("PATCH", f"api/projects/{project}/", body=fields)  # type: ignore[no-any-return]

    # ------------------------------------------------------------------ tasks and predictions

    def import_tasks(self, project: int, tasks: Sequence[dict[str, Any]]) -> list[int]:
        """Import tasks (with inline predictions) and return their new ids, in order."""
        data = self.request(
            "POST", f"api/projects/{project}/import",
            params={"return_task_ids": "true", "commit_to_project": "true"}, body=list(tasks),
        )
        ids = data.get("task_ids") if isinstance(data, dict) else None
        if not isinstance(ids, list) or len(ids) != len(tasks):
            raise LabelStudioError(
                f"Label Studio import into project {project}: expected {len(tasks)} task ids, got {str(data)[:120]}"
            )
        return [int(i) for i in ids]

    def iter_tasks(
        self, project: int, *, page_size: int = 500, fields: str = "task_only", updated_after: str | None = None,
        include: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Yield a project's tasks page by page (``fields="all"`` adds annotations and predictions);
        ``updated_after`` (an ISO time on the server's clock) keeps only tasks changed since then.
        Label Studio bumps a task's ``updated_at`` when one of its annotations is saved or deleted.
        ``include`` ("id,updated_at") limits the fields returned, which makes listing cheap."""
        page = 1
        params: dict[str, Any] = {"project": project, "page_size": page_size, "fields": fields}
        if include:
            params["include"] = include
        if updated_after:
            params["query"] = json.dumps({"filters": {"conjunction": "and", "items": [
                {"filter": "filter:tasks:updated_at", "operator": "greater", "type": "Datetime",
                 "value": updated_after}]}})
        while True:
            data = self.request("GET", "api/tasks/", params={**params, "page": page}, missing_ok=True)
            tasks = (data or {}).get("tasks") if isinstance(data, dict) else data
            if not tasks:
                return
            yield from tasks
            if len(tasks) < page_size:
                return
            page += 1

    def task_doc_ids(self, project: int) -> dict[str, list[tuple[int, list[str]]]]:
        """Return ``{doc_id: [(task id, model versions of its predictions)]}`` (reconciling after a crash)."""
        found: dict[str, list[tuple[int, list[str]]]] = {}
        for task in self.iter_tasks(project, fields="all"):
            doc = (task.get("data") or {}).get("doc_id")
            if doc:
                preds = task.get("predictions") or []
                versions = [str(p["model_version"]) for p in preds if isinstance(p, dict) and p.get("model_version")]
                found.setdefault(str(doc), []).append((int(task["id"]), versions))
        return found

    def import_predictions(self, project: int, predictions: Sequence[dict[str, Any]]) -> int:
        """Add predictions (each with ``task``) to existing tasks; return how many were created."""
        data = self.request("POST", f"api/projects/{project}/import/predictions", body=list(predictions))
        created = data.get("created") if isinstance(data, dict) else None
        return int(created) if isinstance(created, int) else len(predictions)

    def list_predictions(self, project: int) -> list[dict[str, Any]]:
        """Return every prediction of a project (id, task, model_version, result)."""
        data = self.request("GET", "api/predictions/", params={"project": project})
        return list(data.get("results", []) if isinstance(data, dict) else data or [])

    # ------------------------------------------------------------------ annotations

    def export(self, project: int) -> list[dict[str, Any]]:
        """Return every task of a project with its annotations and predictions (JSON export)."""
        data = self.request(
            "GET", f"api/projects/{project}/export",
            params={"exportType": "JSON", "download_all_tasks": "true"},
        )
        if not isinstance(data, list):
            raise LabelStudioError(f"Label Studio export of project {project}: expected a list of tasks")
        return data

    def export_tasks(self, project: int, tasks: Sequence[int], *, chunk: int = 500) -> list[dict[str, Any]]:
        """Return the given tasks of a project with their annotations (JSON export by ids)."""
        out: list[dict[str, Any]] = []
        for i in range(0, len(tasks), chunk):
            data = self.request(
                "GET", f"api/projects/{project}/export",
                params={"exportType": "JSON", "download_all_tasks": "true", "ids[]": list(tasks[i:i + chunk])},
            )
            if not isinstance(data, list):
                raise LabelStudioError(f"Label Studio export of project {project}: expected a list of tasks")
            out += data
        return out

    def task_annotations(self, task: int) -> list[dict[str, Any]]:
        """Return the annotations of one task."""
        return list(self.request("GET", f"api/tasks/{task}/annotations/") or [])

    def get_task(self, task: int) -> dict[str, Any] | None:
        """Return one task (data, predictions, annotations), or ``None`` when it is gone."""
        return self.request("GET", f"api/tasks/{task}/", missing_ok=True)  # type: ignore[no-any-return]

    def create_annotation(self, task: int, result: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
        """Create an annotation on ``task`` as the token's user (``was_cancelled``, ``lead_time`` ...)."""
        return self.request(  # type: ignore[no-any-return]
            "POST", f"api/tasks/{task}/annotations/", body={"result": result, **fields}
        )

    def update_annotation(self, annotation: int, **fields: Any) -> dict[str, Any]:
        """Change an annotation (``result`` ...)."""
        return self.request("PATCH", f"api/annotations/{annotation}/", body=fields)  # type: ignore[no-any-return]

    def delete_annotation(self, annotation: int) -> None:
        """Delete an annotation."""
        self.request("DELETE", f"api/annotations/{annotation}/", missing_ok=True)

    # ------------------------------------------------------------------ users

    def users(self) -> dict[int, str]:
        """Return ``{user id: email}`` for every user of the organisation."""
        data = self.request("GET", "api/users/")
        items = data.get("results", []) if isinstance(data, dict) else data or []
        return {int(u["id"]): str(u.get("email") or u.get("username") or f"user-{u['id']}") for u in items}

    def ensure_user(self, email: str, password: str) -> tuple[int, str]:
        """Return ``(user id, API token)`` of ``email``: log in, or sign up through the
        organisation's invite link first (the admin's token is needed for the link)."""
        with httpx.Client(base_url=self.url, follow_redirects=True, timeout=60) as session:
            if not _form_post(session, "/user/login/", {"email": email, "password": password}):
                invite = self.request("GET", "api/invite")
                link = str((invite or {}).get("invite_url") or "")
                if not link or not _form_post(session, link, {"email": email, "password": password,
                                                              "allow_newsletters": "false"}):
                    raise LabelStudioError(f"Label Studio at {self.url}: cannot sign up or log in {email}")
            got = session.get("/api/current-user/token")
            if got.status_code != 200:
                raise LabelStudioError(f"Label Studio at {self.url}: no API token for {email} (HTTP {got.status_code})")
            token = str(got.json()["token"])
            me = session.get("/api/current-user/whoami").json()
        return int(me["id"]), token

    def whoami(self) -> dict[str, Any]:
        """Return the token's user."""
        return self.request("GET", "api/current-user/whoami")  # type: ignore[no-any-return]


def _form_post(session: httpx.Client, path: str, fields: dict[str, str]) -> bool:
    """Submit a Django form (login or sign-up) with its CSRF token; return whether we are logged in."""
    page = session.get(path)
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if page.status_code != 200 or not match:
        return False
    session.post(path, data={"csrfmiddlewaretoken": match.group(1), **fields},
                 headers={"Referer": f"{session.base_url}{path}"})
    return session.get("/api/current-user/whoami").status_code == 200


def _env_number(name: str, default: float, *, whole: bool = False) -> float:
    """Return the number in environment variable ``name`` (``default`` when unset); ``ConfigError`` if bad."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(int(raw)) if whole else float(raw)
    except ValueError:
        value = -1.0
    if value < 0 or (not whole and value == 0) or value != value or value == float("inf"):
        kind = "a whole number >= 0" if whole else "a number of seconds > 0"
        raise ConfigError(f"environment variable {name}={raw!r}: expected {kind}")
    return value


def _retry_after(response: httpx.Response) -> float:
    """Return the pause (seconds, at most ``MAX_RETRY_AFTER``) a ``Retry-After`` header asks for, else 0."""
    raw = (response.headers.get("Retry-After") or "").strip()
    if not raw:
        return 0.0
    try:
        seconds = float(raw)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError):
            return 0.0
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    if seconds != seconds:  # NaN
        return 0.0
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _detail(response: httpx.Response) -> str:
    """Return the first line of an error answer's detail, shortened."""
    try:
        data = response.json()
    except ValueError:
        return response.text.strip().splitlines()[0][:160] if response.text.strip() else response.reason_phrase
    if isinstance(data, dict):
        for key in ("detail", "validation_errors", "message", "error"):
            if data.get(key):
                return json.dumps(data[key], ensure_ascii=False)[:200]
    return json.dumps(data, ensure_ascii=False)[:200]


__all__ = ["InputError", "LabelStudioClient", "LabelStudioError", "LabelStudioUnavailable"]
