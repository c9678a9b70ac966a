"""Conversion rate per band (tier or grade): do hot leads convert more than warm ones?"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BandRate:
    band: str
    count: int
    positives: int
    rate: float
    share_of_positives: float


def conversion_by_band(
    labels: Sequence[bool | int], bands: Sequence[str], order: Sequence[str] = ()
) -> list[BandRate]:
    """One row per band, in `order` (e.g. the model's tiers, best first) then by name;
    bands in `order` that no lead reached are listed with a count of 0."""
    if len(labels) != len(bands):
        raise ValueError("labels and bands differ in length")
    counts: dict[str, int] = dict.fromkeys(order, 0)
    hits: dict[str, int] = dict.fromkeys(order, 0)
    for label, band in zip(labels, bands, strict=True):
        counts[band] = counts.get(band, 0) + 1
        hits[band] = hits.get(band, 0) + (1 if label else 0)
    total_positives = sum(hits.values())
    ranked = list(order) + sorted(band for band in counts if band not in order)
    return [
        BandRate(
            band=band,
            count=counts[band],
            positives=hits[band],
            rate=hits[band] / counts[band] if counts[band] else 0.0,
            share_of_positives=hits[band] / total_positives if total_positives else 0.0,
        )
        for band in ranked
    ]
