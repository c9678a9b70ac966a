"""Does the score single out sales-ready leads at the moment sales takes them?

Each lead that became SQL is scored just before it did, with what was known then; every
other lead is scored at the end of the period. Scoring converted leads at the end instead
would count what happened after the hand-over (sales calls, onboarding visits) and flatter
the model.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta

from leadscore.domain.event import Event
from leadscore.domain.lead import Lead
from leadscore.engine.score_one import score_one
from leadscore.evaluate.metrics import roc_auc
from leadscore.spec.model import ScoringModel

JUST_BEFORE = timedelta(seconds=1)


def handover_auc(
    spec: ScoringModel,
    leads: Iterable[Lead],
    events: Mapping[str, Sequence[Event]],
    became_sql: Mapping[str, datetime | None],
    end: datetime,
) -> float:
    """ROC AUC of the total score for "became SQL by `end`", scored point-in-time."""
    labels: list[bool] = []
    totals: list[float] = []
    for lead in leads:
        converted = became_sql.get(lead.lead_id)
        positive = converted is not None and converted <= end
        as_of = converted - JUST_BEFORE if positive and converted else end
        labels.append(positive)
        totals.append(score_one(spec, lead, events.get(lead.lead_id, ()), as_of).total)
    return roc_auc(labels, totals)
