"""Figure value agreement: of the figure spans two annotators both marked, the share with equal values.

Two annotators "both marked" a figure when they gave the same start, end and label. Its
normalised value is ``(value, unit, low, high)`` from the span's ``attrs``; numbers compare
with a relative tolerance of 1e-9. Spans where either side has no value are not compared.
"""

from __future__ import annotations

import math
from itertools import combinations
from typing import Any

import numpy as np

from annotate.agreement.data import Continuum
from annotate.agreement.report import FigureAgreement, Stat
from annotate.agreement.spans import pair_spans, strict_index
from annotate.schema import FIGURE_LABELS


def same_value(x: Any, y: Any) -> bool:
    """Return whether two normalised figure values are equal (numbers within 1e-9 relative)."""
    if x == y:
        return True
    if isinstance(x, tuple | list) and isinstance(y, tuple | list):
        return len(x) == len(y) and all(same_value(a, b) for a, b in zip(x, y, strict=True))
    if isinstance(x, int | float) and isinstance(y, int | float) and not isinstance(x, bool):
        return math.isclose(float(x), float(y), rel_tol=1e-9, abs_tol=1e-12)
    return bool(x == y)


def _value(attrs: dict[str, Any]) -> tuple[Any, ...] | None:
    if "value" not in attrs:
        return None
    return (attrs.get("value"), attrs.get("unit"), attrs.get("low"), attrs.get("high"))


def figure_agreement(cont: Continuum) -> FigureAgreement:
    """Return the share of jointly marked figure spans with equal normalised values, overall and per label."""
    figure_codes = {cont.label_code(n): n for n in FIGURE_LABELS if n in cont.labels}
    equal = dict.fromkeys(figure_codes.values(), 0)
    compared = dict.fromkeys(figure_codes.values(), 0)
    objects = cont.objects
    width = cont.length + 1
    for a, b in combinations(range(cont.raters), 2):
        sa, sb, both = pair_spans(cont, a, b)
        if not both.any() or len(sa) == 0:
            continue
        figures_a = sa.select(np.isin(sa.label, list(figure_codes)))
        match = strict_index(figures_a, sb, width)
        hit = match >= 0
        for i, j, code in zip(
            figures_a.src[hit].tolist(), sb.src[match[hit]].tolist(), figures_a.label[hit].tolist(), strict=True
        ):
            attrs_a, attrs_b = objects[i].attrs, objects[j].attrs
            if "value" not in attrs_a or "value" not in attrs_b:
                continue
            name = figure_codes[code]
            compared[name] += 1
            equal[name] += attrs_a == attrs_b or same_value(_value(attrs_a), _value(attrs_b))
    labels = {
        name: (
            Stat.of(equal[name] / compared[name], compared[name]) if compared[name]
            else Stat.undefined(f"no {name} span with a value marked alike by two annotators")
        )
        for name in figure_codes.values()
    }
    total = sum(compared.values())
    overall = (
        Stat.of(sum(equal.values()) / total, total) if total
        else Stat.undefined("no figure span with a value marked alike by two annotators")
    )
    return FigureAgreement(overall=overall, labels=labels)
