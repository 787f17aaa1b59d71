"""Order of Label Studio events: a late, older version of an annotation must not replace a newer one.

Label Studio can deliver the webhooks of two quick saves of one annotation out of order (and
the receiver handles requests on several threads). The webhook receiver and ``annotate pull``
share ``ingest_tasks``; this checks it on a real SQLite store.
"""

from __future__ import annotations

from annotate.labelstudio.pull import ingest_tasks
from annotate.models import Document
from annotate.store import Store

DOC = Document.from_text("𠮷😀深圳市科技局表示，今年将投入约12亿元支持广州市天河区实验室建设。👍🏽")
URL, PROJECT, TASK = "http://ls.invalid", 9, 900


def test_a_late_older_webhook_event_does_not_replace_a_newer_version(tmp_path):
    """Two webhooks of quick successive saves, delivered out of order."""
    start = DOC.text.index("深圳市科技局")
    gov = {"id": "a", "type": "labels", "value": {"start": start, "end": start + 6, "text": "深圳市科技局",
                                                   "labels": ["GOV"]}}
    money_at = DOC.text.index("约12亿元")
    money = {"id": "b", "type": "labels", "value": {"start": money_at, "end": money_at + 5, "text": "约12亿元",
                                                     "labels": ["MONEY"]}}
    with Store(tmp_path / "late.db") as store:
        store.add_documents([(DOC, None)])
        store.record_ls_tasks(URL, PROJECT, [(DOC.id, TASK)])
        for result, stamp in (([gov, money], "2026-01-01T00:00:02Z"), ([gov], "2026-01-01T00:00:01Z")):
            task = {"id": TASK, "data": {"doc_id": DOC.id},
                    "annotations": [{"id": 1, "result": result, "completed_by": 3, "updated_at": stamp}]}
            with store.transaction():
                ingest_tasks(store, URL, PROJECT, [task], {3: "q@x"}, full=False)
        (current,) = store.annotations(kind="annotation", source="q@x")
        assert [s.label for s in current.spans] == ["GOV", "MONEY"], "the older version became current"
