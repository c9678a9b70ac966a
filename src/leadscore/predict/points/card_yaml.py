"""A fitted PointsCard as a scoring-model file people can read, edit and apply.

Each bin becomes a fit rule (a bin with blanks too gets a second rule for them), with a
comment giving its leads and conversion rate in the training data; each attribute starts
with a comment on how much it separates. Tiers, grades and the MQL threshold come from the
card (scaling.py). The text is checked with the scoring-model loader before it is returned.
"""

from __future__ import annotations

import numpy as np
import yaml

from leadscore.predict.points.card import Attribute, PointsCard
from leadscore.spec.loader import load_spec_text

DESCRIPTION = "Points learned from outcomes (binned attributes, L2 logistic regression)."


def card_yaml(card: PointsCard, name: str, target: np.ndarray, source: str = "") -> str:
    """The scoring-model YAML for `card`, fitted on outcomes `target`."""
    target = np.asarray(target, dtype=float)
    scores = card.training_scores_
    lines = [
        f"# Points card learned by `leadscore fit-points`{f' from {source}' if source else ''}:",
        f"# {len(target):,} leads, {target.mean():.1%} converted.",
        "# A lead's score is the sum of the points of the bin each attribute falls in; the",
        "# weakest possible lead scores 0 and the strongest 100. A value no rule matches gets",
        "# 0 points. Points, bins and tiers may be edited; check with `leadscore rules check`.",
        _line("name", name),
        _line(
            "description",
            "Points learned from outcomes (binned attributes, L2 logistic regression).",
        ),
        "fit:",
        "  rules:",
    ]
    used: set[str] = set()
    for attribute in card.attributes_:
        lines += _attribute_lines(attribute, used)
    lines += _bands("tiers", card.tiers_, scores, target)
    lines += _bands("grades", card.grades_, scores, target)
    lines += [
        "# A lead becomes an MQL when its score reaches the hot tier.",
        "lifecycle:",
        "  mql: " + _flow({"fit_at_least": _plain(card.tiers_["hot"])}),
    ]
    text = "\n".join(lines) + "\n"
    load_spec_text(text, source=f"{name} (generated)")
    return text


def _line(key: str, value: object) -> str:
    """`key: value` on one line (a mapping value in flow style)."""
    return _flow({key: value})[1:-1]


def _attribute_lines(attribute: Attribute, used: set[str]) -> list[str]:
    binning = attribute.binning
    lines = [f"    # {binning.column}: information value {attribute.information_value:.2f}"]
    points = attribute.points if attribute.points is not None else np.zeros(len(binning.bins))
    for bin_, value in zip(binning.bins, points, strict=True):
        stats = f"{bin_.count:,} leads, {bin_.rate:.1%} converted"
        if bin_.members and len(bin_.members) > 3:
            lines.append(f"    # {bin_.label.split(',')[0]}...: {', '.join(bin_.members)}")
        for label, tests in bin_.alternatives:
            when = [{"attribute": binning.column, **test} for test in tests]
            lines += [
                "    - " + _line("name", _unique(f"{binning.column}: {label}", used)),
                "      when: " + _flow(when[0] if len(when) == 1 else when),
                f"      points: {int(value)}  # {stats}",
            ]
    return lines


def _unique(name: str, used: set[str]) -> str:
    candidate, number = name, 2
    while candidate in used:
        candidate, number = f"{name} ({number})", number + 1
    used.add(candidate)
    return candidate


def _flow(value: object) -> str:
    return yaml.safe_dump(
        value, default_flow_style=True, sort_keys=False, allow_unicode=True, width=10**6
    ).strip()


def _bands(key: str, bands: dict[str, float], scores: np.ndarray, target: np.ndarray) -> list[str]:
    """`key: {...}` with a comment per band: its training leads and conversion rate."""
    names = list(bands)
    lines = [f"# {key} from the training scores (best first):"]
    for position in range(len(names) - 1, -1, -1):
        low = bands[names[position]]
        high = bands[names[position + 1]] if position + 1 < len(names) else None
        inside = (scores >= low) & (scores < high) if high is not None else scores >= low
        if position == 0:
            inside = scores < high if high is not None else np.ones_like(scores, dtype=bool)
        rate = f"{target[inside].mean():.1%}" if inside.any() else "-"
        lines.append(
            f"#   {names[position]}: score {_number(low)}+, {int(inside.sum()):,} leads "
            f"({inside.mean():.0%}), {rate} converted"
        )
    return [*lines, _line(key, {name: _plain(value) for name, value in bands.items()})]


def _plain(value: float) -> float | int:
    return int(value) if float(value).is_integer() else float(value)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
