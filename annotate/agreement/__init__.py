"""Agreement statistics between annotators: pure functions on models, no SQLite.

``agreement_report`` computes everything ``annotate agreement`` shows; the modules hold one
family of statistics each (``spans``, ``chance``, ``unitizing``, ``figures``), and
``report`` the result models.
"""

from annotate.agreement.compute import agreement_report, gold_scores
from annotate.agreement.report import AgreementReport, Stat

__all__ = ["AgreementReport", "Stat", "agreement_report", "gold_scores"]
