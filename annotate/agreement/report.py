"""The results of ``annotate agreement`` as pydantic models: every number may be undefined with a reason.

A statistic that cannot be computed (one annotator, no spans, a label nobody used, a
category constant everywhere) carries ``value=None`` and a ``reason`` string; it is never
reported as a misleading 0 or 1.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class Stat(BaseModel):
    """One statistic: its value, or ``None`` with the reason it is undefined, and its support."""

    value: float | None
    reason: str | None = None
    support: int = Field(0, description="what it rests on: characters, spans or pairs")

    @classmethod
    def of(cls, value: float, support: int = 0) -> Stat:
        """Return a defined statistic."""
        return cls(value=float(value), support=int(support))

    @classmethod
    def undefined(cls, reason: str, support: int = 0) -> Stat:
        """Return an undefined statistic with the reason."""
        return cls(value=None, reason=reason, support=int(support))

    def show(self, digits: int = 3) -> str:
        """Format for a table: the value, or ``undefined (reason)``."""
        if self.value is None:
            return f"undefined ({self.reason})"
        return f"{self.value:.{digits}f}"


class LabelF1(BaseModel):
    """Span F1 for one label (or ``ALL``) under strict and partial-overlap matching."""

    strict: Stat
    partial: Stat


class PairF1(BaseModel):
    """Pairwise span agreement of two annotators over the documents both annotated."""

    a: str
    b: str
    documents: int
    overall: LabelF1
    labels: dict[str, LabelF1]


class SpanF1(BaseModel):
    """Pairwise span F1: every pair, the annotator x annotator matrices and their means."""

    pairs: list[PairF1]
    matrix_strict: dict[str, dict[str, float | None]]
    matrix_partial: dict[str, dict[str, float | None]]
    mean_strict: Stat
    mean_partial: Stat
    labels: dict[str, LabelF1] = Field(description="per label, mean over pairs")


class PairKappa(BaseModel):
    """Cohen's kappa of two annotators for one layer."""

    a: str
    b: str
    kappa: Stat


class LayerChance(BaseModel):
    """Character-level chance-corrected agreement for one layer (flat labels, or ACTION)."""

    layer: str
    categories: list[str]
    cohen_kappa: list[PairKappa]
    fleiss_kappa: Stat
    krippendorff_alpha: Stat


class Unitizing(BaseModel):
    """Krippendorff's alpha_u over the continuum, overall and per label."""

    overall: Stat
    labels: dict[str, Stat]
    documents: int
    characters: int


class FigureAgreement(BaseModel):
    """Share of figure spans two annotators both marked whose normalised values are equal."""

    overall: Stat
    labels: dict[str, Stat]


class DocumentAgreement(BaseModel):
    """Agreement on one document: mean pairwise span F1 and character alpha of the flat layer."""

    document_id: str
    annotators: list[str]
    spans: int
    span_f1: Stat
    span_f1_partial: Stat
    krippendorff_alpha: Stat


class GoldScore(BaseModel):
    """One annotator against gold: precision, recall and F1, strict and partial, per label."""

    annotator: str
    documents: int
    strict: dict[str, dict[str, Stat]]
    partial: dict[str, dict[str, Stat]]


class AgreementReport(BaseModel):
    """Every agreement statistic of ``annotate agreement``; keys are named after the statistics."""

    annotators: list[str]
    documents: int
    characters: int
    labels: list[str]
    span_f1: SpanF1
    cohen_kappa: dict[str, list[PairKappa]]
    fleiss_kappa: dict[str, Stat]
    krippendorff_alpha: dict[str, Stat]
    unitizing_alpha: Unitizing
    figure_agreement: FigureAgreement
    per_document: list[DocumentAgreement]
    notes: list[str] = Field(default_factory=list)
