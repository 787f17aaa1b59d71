"""Adjudication: build a gold layer from the annotators' versions, and list where they disagree.

Pure functions on models; the store saves the result (``Store.save_gold``) and records hand
decisions (``Store.decide``).
"""

from annotate.adjudication.conflicts import Conflict, find_conflicts
from annotate.adjudication.run import Adjudication, adjudicate, group_versions
from annotate.adjudication.strategies import STRATEGIES, parse_strategy

__all__ = [
    "STRATEGIES",
    "Adjudication",
    "Conflict",
    "adjudicate",
    "find_conflicts",
    "group_versions",
    "parse_strategy",
]
