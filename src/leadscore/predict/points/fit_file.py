"""`fit_points`: a data file in, a points-card scoring model file out.

The table goes through the shared preparation (predict/prepared.py): the target read as
0/1, identifiers, free text, empty and constant columns and `exclude`d ones left out with
a note, and the leakage guard's warnings. The card then bins the *raw* values, exactly as
`leadscore score` will read them from the same file (no sentinel blanking behind the
engine's back: "Select" is a value the rules can name).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from leadscore.evaluate.metrics import roc_auc
from leadscore.predict.kinds import ColumnKind
from leadscore.predict.leakage import LeakageWarning
from leadscore.predict.points.card import PointsCard
from leadscore.predict.points.card_yaml import card_yaml
from leadscore.predict.prepared import prepare_table
from leadscore.predict.tables import read_table


@dataclass(frozen=True)
class FitPointsReport:
    out: Path
    card: PointsCard
    rows: int
    training_auc: float
    notes: list[str]
    warnings: list[LeakageWarning]


def fit_points(
    data: Path,
    target: str,
    out: Path,
    id_column: str | None = None,
    exclude: Sequence[str] = (),
    name: str | None = None,
) -> FitPointsReport:
    """Learn a points card from `data` and write it to `out` (only if everything worked)."""
    frame = read_table(data)
    prepared = prepare_table(
        frame, target, id_column=id_column, exclude=list(exclude), where=str(data)
    )
    notes = list(prepared.notes)
    kinds: dict[str, str] = {}
    for rule in prepared.schema.rules:
        if rule.kind == ColumnKind.datetime:
            notes.append(f"{rule.name!r} left out: dates cannot be binned into fit rules")
        else:
            kinds[rule.name] = "numeric" if rule.kind == ColumnKind.numeric else "categorical"
    card = PointsCard().fit(frame[list(kinds)], prepared.target, kinds)
    notes += card.notes_
    text = card_yaml(card, name or data.stem, prepared.target, data.name)
    _write(out, text)
    auc = roc_auc(prepared.target.tolist(), card.training_scores_.tolist())
    return FitPointsReport(out, card, len(frame), auc, notes, list(prepared.warnings))


def _write(out: Path, text: str) -> None:
    """Write whole or not at all: a temporary file beside `out`, then renamed."""
    directory = out.parent if str(out.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
