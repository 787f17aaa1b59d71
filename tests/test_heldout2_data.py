"""The second held-out gold set: its size, coverage, documented values and independence.

The per-record checks (valid spans, schema labels, normalised attrs, actors) run over every gold
file, this one included, in tests/test_gold_data.py.
"""

from __future__ import annotations

import math

import gold_checks as gc

from annotate.schema import LABEL_NAMES

HELDOUT2 = gc.DATA / "heldout2" / "heldout2.jsonl"
OTHER_GOLD = (gc.DATA / "gold_sample.jsonl", gc.DATA / "heldout" / "heldout.jsonl")

RECORDS = gc.read_gold(HELDOUT2)


def test_file_has_eight_documents_of_the_right_shape() -> None:
    gc.check_documents(RECORDS, count=8, prefix="heldout2-")


def test_known_figures_normalise_as_documented() -> None:
    found = gc.figures(RECORDS)
    assert found[("MONEY", "４２１８．７亿元")] == {"value": 421870000000, "unit": "CNY"}
    assert found[("MONEY", "約新臺幣1,236億元")] == {
        "value": 123600000000,
        "unit": "TWD",
        "qualifier": "approx",
    }
    assert found[("MONEY", "8亿至10亿元")] == {
        "value": 800000000,
        "unit": "CNY",
        "low": 800000000,
        "high": 1000000000,
    }
    assert found[("MONEY", "500万元以内")] == {"value": 5000000, "unit": "CNY", "qualifier": "at_most"}
    assert found[("QUANTITY", "三十二点五万辆")] == {"value": 325000, "unit": "辆"}
    assert found[("QUANTITY", "２０至３０单")] == {"value": 20, "unit": "单", "low": 20, "high": 30}
    assert found[("QUANTITY", "兩處")] == {"value": 2, "unit": "处"}
    assert found[("PERCENT", "1.2個百分點")] == {"value": 1.2, "unit": "pp"}
    assert math.isclose(found[("PERCENT", "１２．４％")]["value"], 12.4)
    assert found[("DATE", "今年１—９月")] == {"value": "XXXX-01/XXXX-09"}
    assert found[("DATE", "二〇二七年")] == {"value": "2027"}
    assert found[("DATE", "2024年上半年")] == {"value": "2024-H1"}


def test_set_covers_every_label_and_its_awkward_inputs() -> None:
    counts = gc.label_counts(RECORDS)
    assert {label: counts[label] for label in LABEL_NAMES if counts[label] < 8} == {}
    texts = [rec["text"] for rec in RECORDS]
    assert any(any(ord(c) > 0xFFFF for c in t) for t in texts), "no non-BMP character"
    assert any("臺" in t and "與" in t for t in texts), "no traditional-script document"
    assert any(any("０" <= c <= "９" for c in t) for t in texts), "no full-width digits"
    names = {s["text"] for rec in RECORDS for s in rec["spans"] if s["label"] == "PER"}
    assert any(any(ord(c) > 0xFFFF for c in name) for name in names), "no non-BMP name"


def test_heldout2_is_independent_of_the_other_gold_files() -> None:
    """No run of 12 characters of a text here appears in gold_sample or the first held-out set."""
    gc.check_independent(RECORDS, OTHER_GOLD)
