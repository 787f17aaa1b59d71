"""Measure push and pull against a real local Label Studio, as ratios to bare SDK calls.

Builds N generated documents of the sample corpus's size (about 400 characters, 8 spans,
with 𠮷/emoji) with predictions, then in one run and against one server:

* push: ``annotate.labelstudio.push.push`` into a new project (batches of 250, store
  bookkeeping included) / the bare SDK ``projects.import_tasks`` of the same task payloads
  into another new project, same batch size (run before and after ours; the faster counts).
  Goal: <= 1.2x.
* re-push of the unchanged corpus / the first push. Goal: < 5%.
* pull: ``annotate.labelstudio.pull.pull`` of N annotations (one per task, imported with
  ``completed_by``; validation, origins, history and SQLite writes included) / the bare
  SDK export (``projects.exports.download_sync`` + ``json.loads``) of the same project
  (before and after ours; the faster counts).
  Goal: <= 1.2x. Also the re-pull (nothing changed) / the first pull.

Uses LABEL_STUDIO_URL/LABEL_STUDIO_API_KEY when both are set, else starts a throwaway local
server (``annotate.labelstudio.server``) in a temporary folder and stops it at the end.

Example:
    .venv/bin/python bench/bench_labelstudio.py           # 5,000 tasks
    .venv/bin/python bench/bench_labelstudio.py --quick   # 300 tasks
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotate.labelstudio import server  # noqa: E402
from annotate.labelstudio.client import LabelStudioClient  # noqa: E402
from annotate.labelstudio.config import instructions_html, label_config  # noqa: E402
from annotate.labelstudio.pull import pull  # noqa: E402
from annotate.labelstudio.push import push  # noqa: E402
from annotate.labelstudio.settings import Connection, StudioConfig, load_connection, read_config, write_config  # noqa: E402
from annotate.labelstudio.simulate import PROFILES, perturb  # noqa: E402
from annotate.labelstudio.tasks import annotation_result, task_payload  # noqa: E402
from annotate.models import Annotation, Document, Span  # noqa: E402
from annotate.store import Store  # noqa: E402

BATCH = 250
PIECES = [
    ("GOV", ["省工信厅", "市发展改革委", "南沙区委", "国家统计局"]),
    ("ORG", ["华南理工大学", "吉祥科技公司", "东湖银行"]),
    ("LOC", ["广东", "珠江新城", "东盟", "𠮷安镇"]),
    ("POLICY", ["《产业升级条例》", "“双百行动”"]),
    ("MONEY", ["3.5亿元", "超1200万美元"]),
    ("PERCENT", ["12.5%", "0.3个百分点"]),
    ("QUANTITY", ["128家", "3万台"]),
    ("DATE", ["2024年", "今年一季度"]),
]
FILLER = ["，据悉", "。会议指出", "，有关负责人表示", "😀", "。与此同时", "，进一步推动", "；其中"]


def make_corpus(n: int, seed: int = 3) -> tuple[list[Document], list[Annotation]]:
    """Return ``n`` documents of about 400 characters with 8 predicted spans each."""
    rng = random.Random(seed)
    docs, preds = [], []
    for i in range(n):
        parts, spans, pos = [f"第{i}号简报：", ], [], 0
        pos = len(parts[0])
        while pos < 380:
            label, choices = PIECES[rng.randrange(len(PIECES))]
            piece = rng.choice(choices)
            filler = rng.choice(FILLER) + "".join(rng.choice("的了在和发展产业项目企业建设服务") for _ in range(12))
            parts += [piece, filler]
            spans.append((pos, pos + len(piece), label))
            pos += len(piece) + len(filler)
        text = "".join(parts) + "。🎉"
        doc = Document.from_text(text, title=f"简报{i}", source="bench")
        chosen = spans[:: max(1, len(spans) // 8)][:8]
        docs.append(doc)
        preds.append(Annotation(document_id=doc.id, kind="prediction", source="bench-1",
                                spans=[Span.of(text, s, e, lab, score=0.8) for s, e, lab in chosen]))
    return docs, preds


def fill_store(path: Path, docs: list[Document], preds: list[Annotation]) -> Store:
    store = Store(path)
    store.add_documents([(d, None) for d in docs])
    store.save_annotations(preds)
    return store


def start_server(tmp: Path) -> tuple[Connection, Path | None]:
    """Return a connection: the configured server, or a throwaway local one (and its config)."""
    if os.environ.get("LABEL_STUDIO_URL") and os.environ.get("LABEL_STUDIO_API_KEY"):
        return load_connection(), None
    venv = server.install()
    config_path = tmp / "studio.json"
    templates = sorted((venv.parent / "test-template").glob("*/studio.json"))
    if templates:  # the test suite's migrated empty data folder: starts in seconds
        shutil.copytree(templates[-1].parent / "data", tmp / "data")
        creds = read_config(templates[-1])
        assert creds is not None
        write_config(StudioConfig(email=creds.email, password=creds.password, token=creds.token, venv=str(venv)),
                     config_path)
    info = server.start(data_dir=tmp / "data", config_path=config_path, venv=venv)
    return load_connection(info.config_path), config_path


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - started, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="300 tasks instead of 5,000")
    parser.add_argument("-n", type=int, default=None, help="number of tasks")
    args = parser.parse_args(argv)
    n = args.n or (300 if args.quick else 5000)
    tmp = Path(tempfile.mkdtemp(prefix="bench-ls-"))
    config_path = None
    try:
        conn, config_path = start_server(tmp)
        client = LabelStudioClient(conn)
        sdk = client.sdk
        docs, preds = make_corpus(n)
        print(f"Label Studio at {conn.url}; {n} tasks of ~{sum(len(d.text) for d in docs) // n} characters, "
              f"{sum(len(p.spans) for p in preds) // n} predicted spans each")

        # push: bare SDK import of the same payloads vs ours (store reads, payloads, bookkeeping)
        payload = [task_payload(d, [p]) for d, p in zip(docs, preds, strict=True)]
        def bare_import() -> float:
            ref_project = sdk.projects.create(title="bench reference", label_config=label_config(),
                                              expert_instruction=instructions_html()).id
            return timed(lambda: [sdk.projects.import_tasks(id=ref_project, request=payload[i:i + BATCH],
                                                            return_task_ids=True)
                                  for i in range(0, n, BATCH)])[0]

        t_ref_1 = bare_import()
        store = fill_store(tmp / "push.db", docs, preds)
        t_push, result = timed(push, store, client, title="bench push", batch_size=BATCH)
        assert result.tasks_created == n and result.predictions_created == n
        t_ref = min(t_ref_1, bare_import())  # the reference runs before and after ours; the faster counts
        t_repush, again = timed(push, store, client, batch_size=BATCH)
        assert again.tasks_created == 0 and again.predictions_created == 0

        # pull: N annotations (one per task) imported with completed_by, then ours vs a bare export
        me = client.whoami()["id"]
        rng = random.Random(11)
        annotated = [
            {**task, "annotations": [{"completed_by": me, "lead_time": 30.0, "result": annotation_result(
                d.text, perturb(d, p.spans, "bench-1", PROFILES[1], rng))}]}
            for task, d, p in zip(payload, docs, preds, strict=True)
        ]
        pull_project = client.create_project("bench pull", label_config())["id"]
        ids: list[int] = []
        for i in range(0, n, BATCH):
            ids += client.import_tasks(pull_project, annotated[i:i + BATCH])
        pull_store = fill_store(tmp / "pull.db", docs, preds)
        pull_store.save_ls_project(conn.url, pull_project, "bench pull", meta={"model_version": "bench-1"})
        pull_store.record_ls_tasks(conn.url, pull_project, [(d.id, t) for d, t in zip(docs, ids, strict=True)])
        pull_store.record_ls_predictions(conn.url, [(t, "bench-1", None) for t in ids])
        def bare_export() -> float:
            sec, exported = timed(lambda: json.loads(b"".join(sdk.projects.exports.download_sync(
                pull_project, export_type="JSON", download_all_tasks=True))))
            assert len(exported) == n
            return sec

        t_export_1 = bare_export()
        t_pull, pulled = timed(pull, pull_store, client, project=pull_project)
        assert pulled.added == n, pulled
        t_export = min(t_export_1, bare_export())
        t_repull, repulled = timed(pull, pull_store, client, project=pull_project)
        assert repulled.added == repulled.replaced == 0

        rows = [
            ("push (ours)", t_push, t_push / t_ref, "<= 1.2x bare import_tasks"),
            ("bare SDK import_tasks", t_ref, 1.0, ""),
            ("re-push unchanged", t_repush, t_repush / t_push, "< 5% of first push"),
            ("pull (ours)", t_pull, t_pull / t_export, "<= 1.2x bare export"),
            ("bare SDK export + json", t_export, 1.0, ""),
            ("re-pull unchanged", t_repull, t_repull / t_pull,
             f"(share of first pull; re-read {repulled.tasks} tasks inside the 1 s cursor margin)"),
        ]
        print(f"{'step':26} {'seconds':>9} {'ratio':>8}  goal")
        for name, sec, ratio, goal in rows:
            print(f"{name:26} {sec:9.2f} {ratio:8.3f}  {goal}")
        print(f"corrections: {[c.as_dict() for c in pull_store.correction_stats()]}")
        store.close()
        pull_store.close()
    finally:
        if config_path is not None:
            server.stop(config_path)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
