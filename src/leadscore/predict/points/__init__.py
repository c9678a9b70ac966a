"""Points cards: readable scoring models learned from outcomes.

`PointsCard` (scikit-learn contract: `fit` returns self, learned attributes end in `_`)
bins each attribute, weighs the bins by weight of evidence and an L2 logistic regression,
and scales them to whole points on 0-100; `card_yaml` writes it as a scoring-model file
that `leadscore score` applies; `fit_points` does both for a data file.
"""

from leadscore.predict.points.card import Attribute, PointsCard
from leadscore.predict.points.card_yaml import card_yaml
from leadscore.predict.points.fit_file import FitPointsReport, fit_points

__all__ = ["Attribute", "FitPointsReport", "PointsCard", "card_yaml", "fit_points"]
