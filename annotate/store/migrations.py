"""The store's schema as an ordered list of migrations; ``PRAGMA user_version`` records the last applied.

Never edit a migration that has been released: append a new one. Each migration is a
list of SQL statements run in one transaction together with the version bump.
"""

from __future__ import annotations

MIGRATIONS: list[list[str]] = [
    # 1: the first release
    [
        """CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            title TEXT,
            source TEXT,
            source_key TEXT,
            published TEXT,
            script TEXT NOT NULL DEFAULT 'unknown',
            meta TEXT NOT NULL DEFAULT '{}',
            flags TEXT NOT NULL DEFAULT '[]',
            version INTEGER NOT NULL DEFAULT 1,
            previous_id TEXT REFERENCES documents(id),
            chars INTEGER NOT NULL,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX documents_source_key ON documents(source_key)",
        "CREATE INDEX documents_previous ON documents(previous_id)",
        """CREATE TABLE annotations (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id),
            kind TEXT NOT NULL CHECK (kind IN ('prediction', 'annotation', 'gold')),
            source TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'current'
                CHECK (status IN ('current', 'superseded', 'deleted')),
            revision INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT,
            ls_url TEXT,
            ls_project INTEGER,
            ls_task INTEGER,
            ls_annotation INTEGER,
            ls_prediction INTEGER,
            meta TEXT NOT NULL DEFAULT '{}'
        )""",
        "CREATE INDEX annotations_lookup ON annotations(kind, source, status, document_id)",
        "CREATE INDEX annotations_document ON annotations(document_id)",
        "CREATE INDEX annotations_ls ON annotations(ls_url, ls_annotation)",
        """CREATE UNIQUE INDEX annotations_one_current
            ON annotations(document_id, kind, source) WHERE status = 'current'""",
        """CREATE TABLE spans (
            id INTEGER PRIMARY KEY,
            annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
            document_id TEXT NOT NULL REFERENCES documents(id),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL,
            text TEXT NOT NULL,
            attrs TEXT NOT NULL DEFAULT '{}',
            CHECK (start >= 0 AND "end" > start)
        )""",
        "CREATE INDEX spans_annotation ON spans(annotation_id)",
        "CREATE INDEX spans_document ON spans(document_id)",
        """CREATE TABLE gold_decisions (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id),
            action TEXT NOT NULL,
            span TEXT,
            previous TEXT,
            strategy TEXT,
            decided_by TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            meta TEXT NOT NULL DEFAULT '{}'
        )""",
        "CREATE INDEX gold_decisions_document ON gold_decisions(document_id)",
        """CREATE TABLE ls_projects (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            project INTEGER NOT NULL,
            title TEXT,
            purpose TEXT NOT NULL DEFAULT 'annotation',
            label_config_hash TEXT,
            created_at TEXT NOT NULL,
            last_pull_at TEXT,
            meta TEXT NOT NULL DEFAULT '{}',
            UNIQUE (url, project)
        )""",
        """CREATE TABLE ls_tasks (
            url TEXT NOT NULL,
            project INTEGER NOT NULL,
            task INTEGER NOT NULL,
            document_id TEXT NOT NULL REFERENCES documents(id),
            pushed_at TEXT NOT NULL,
            PRIMARY KEY (url, project, document_id),
            UNIQUE (url, task)
        )""",
        """CREATE TABLE ls_predictions (
            url TEXT NOT NULL,
            task INTEGER NOT NULL,
            model_version TEXT NOT NULL,
            prediction INTEGER,
            pushed_at TEXT NOT NULL,
            PRIMARY KEY (url, task, model_version)
        )""",
        """CREATE TABLE eval_runs (
            id INTEGER PRIMARY KEY,
            model_version TEXT NOT NULL,
            gold_source TEXT NOT NULL,
            created_at TEXT NOT NULL,
            documents INTEGER NOT NULL,
            summary TEXT NOT NULL DEFAULT '{}'
        )""",
        """CREATE TABLE eval_scores (
            run_id INTEGER NOT NULL REFERENCES eval_runs(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            scheme TEXT NOT NULL,
            precision REAL,
            recall REAL,
            f1 REAL,
            support INTEGER,
            predicted INTEGER,
            PRIMARY KEY (run_id, label, scheme)
        )""",
        """CREATE TABLE quarantine (
            id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            origin TEXT NOT NULL,
            ref TEXT,
            annotator TEXT,
            reason TEXT NOT NULL,
            payload TEXT
        )""",
        "CREATE INDEX quarantine_origin ON quarantine(origin, ref)",
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
    ],
]

SCHEMA_VERSION = len(MIGRATIONS)
