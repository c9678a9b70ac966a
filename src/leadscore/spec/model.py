"""The scoring model as pydantic types: unknown keys refused, cross-references checked."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from leadscore.domain.stage import Stage

Scalar = str | bool | int | float
OPERATORS: tuple[str, ...] = (
    "equals",
    "in",
    "not_in",
    "between",
    "at_least",
    "at_most",
    "below",
    "matches",
    "exists",
    "missing",
)


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )


class Test(Strict):
    """One test on a value; exactly one operator is set."""

    equals: Scalar | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in")
    not_in: list[Scalar] | None = None
    between: tuple[float, float] | None = None
    at_least: float | None = None
    at_most: float | None = None
    below: float | None = None  # strict <, so at_least/below bins never overlap
    matches: str | None = None
    exists: Literal[True] | None = None
    missing: Literal[True] | None = None

    @field_validator("matches")
    @classmethod
    def _regex_compiles(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from None
        return pattern

    @field_validator("between")
    @classmethod
    def _ordered(cls, bounds: tuple[float, float] | None) -> tuple[float, float] | None:
        if bounds is not None and bounds[0] > bounds[1]:
            raise ValueError("between needs [low, high] with low <= high")
        return bounds

    @model_validator(mode="after")
    def _one_operator(self) -> Test:
        chosen = [name for name in OPERATORS if self.operand(name) is not None]
        if len(chosen) != 1:
            raise ValueError(
                f"give exactly one of {', '.join(OPERATORS)}; got {', '.join(chosen) or 'none'}"
            )
        return self

    def operand(self, name: str) -> object:
        return getattr(self, "in_" if name == "in" else name)

    @cached_property
    def operator(self) -> str:
        return next(name for name in OPERATORS if self.operand(name) is not None)


class AttributeTest(Test):
    attribute: str = Field(min_length=1)


PropertyTest = Annotated[Test, Field()] | Scalar


class FitRule(Strict):
    name: str = Field(min_length=1)
    when: AttributeTest | Annotated[list[AttributeTest], Field(min_length=1)]
    points: float
    description: str | None = None

    @cached_property
    def tests(self) -> tuple[AttributeTest, ...]:
        return tuple(self.when) if isinstance(self.when, list) else (self.when,)


class EventFilter(Strict):
    """Which events count: their type (one or several) and tests on their properties."""

    event: str | list[str]
    where: dict[str, PropertyTest] = Field(default_factory=dict)

    @cached_property
    def event_types(self) -> tuple[str, ...]:
        return (self.event,) if isinstance(self.event, str) else tuple(self.event)

    @cached_property
    def property_tests(self) -> tuple[tuple[str, Test], ...]:
        return tuple(
            (key, test if isinstance(test, Test) else Test(equals=test))
            for key, test in self.where.items()
        )


class EngagementRule(EventFilter):
    name: str = Field(min_length=1)
    points: float
    cap: float | None = Field(default=None, gt=0)
    decay: bool = True
    half_life_days: float | None = Field(default=None, gt=0)
    description: str | None = None


class FitGroup(Strict):
    limit: float | None = None
    rules: list[FitRule] = Field(default_factory=list)


class EngagementGroup(Strict):
    half_life_days: float | None = Field(default=None, gt=0)
    limit: float | None = None
    rules: list[EngagementRule] = Field(default_factory=list)

    def half_life_of(self, rule: EngagementRule) -> float | None:
        """None means the rule's points never fade."""
        if not rule.decay:
            return None
        return rule.half_life_days or self.half_life_days


class Signal(EventFilter):
    name: str = Field(min_length=1)
    within_days: float = Field(gt=0)
    min_count: int = Field(default=1, ge=1)
    description: str | None = None


class MqlExit(Strict):
    fit_below: float | None = None
    engagement_below: float | None = None


class MqlCriteria(Strict):
    fit_at_least: float = 0
    engagement_at_least: float = 0
    or_signals: list[str] = Field(default_factory=list)
    exit: MqlExit = Field(default_factory=MqlExit)

    @model_validator(mode="after")
    def _exit_not_above_entry(self) -> MqlCriteria:
        if self.exit.fit_below is not None and self.exit.fit_below > self.fit_at_least:
            raise CrossReferenceError(
                ("exit", "fit_below"), "must not be above fit_at_least (the lead would flap)"
            )
        limit = self.exit.engagement_below
        if limit is not None and limit > self.engagement_at_least:
            raise CrossReferenceError(
                ("exit", "engagement_below"),
                "must not be above engagement_at_least (the lead would flap)",
            )
        return self

    @property
    def fit_exit(self) -> float:
        return self.fit_at_least if self.exit.fit_below is None else self.exit.fit_below

    @property
    def engagement_exit(self) -> float:
        limit = self.exit.engagement_below
        return self.engagement_at_least if limit is None else limit


class SqlCriteria(Strict):
    requires: Literal["sales_acceptance"] = "sales_acceptance"
    bant_at_least: int = Field(default=3, ge=0, le=4)


class NurtureRules(Strict):
    recycle_after_days: float = Field(default=0, ge=0)


class DisqualifyRules(Strict):
    fit_below: float | None = None


class Lifecycle(Strict):
    initial: Literal[Stage.SUBSCRIBER, Stage.LEAD] = Stage.LEAD
    mql: MqlCriteria = Field(default_factory=MqlCriteria)
    sql: SqlCriteria = Field(default_factory=SqlCriteria)
    nurture: NurtureRules = Field(default_factory=NurtureRules)
    disqualify: DisqualifyRules = Field(default_factory=DisqualifyRules)


class CrossReferenceError(ValueError):
    """A problem between parts of the model, carrying the key path it is about."""

    def __init__(self, path: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.path = path


def cross_reference_problems(model: ScoringModel) -> list[CrossReferenceError]:
    """Unique rule and signal names; lifecycle signals that exist."""
    problems: list[CrossReferenceError] = []
    seen: set[str] = set()
    groups = (("fit", model.fit.rules), ("engagement", model.engagement.rules))
    for group, rules in groups:
        for index, rule in enumerate(rules):
            if rule.name in seen:
                problems.append(
                    CrossReferenceError(
                        (group, "rules", index, "name"),
                        f"rule name {rule.name!r} is used twice; rule names must be unique",
                    )
                )
            seen.add(rule.name)
    signal_names: list[str] = []
    for index, signal in enumerate(model.signals):
        if signal.name in signal_names:
            problems.append(
                CrossReferenceError(
                    ("signals", index, "name"), f"signal name {signal.name!r} is used twice"
                )
            )
        signal_names.append(signal.name)
    defined = ", ".join(signal_names) or "none"
    for index, name in enumerate(model.lifecycle.mql.or_signals):
        if name not in signal_names:
            problems.append(
                CrossReferenceError(
                    ("lifecycle", "mql", "or_signals", index),
                    f"unknown signal {name!r}; defined signals: {defined}",
                )
            )
    return problems


def _ascending(bands: dict[str, float], what: str) -> dict[str, float]:
    if not bands:
        raise ValueError(f"{what} need at least one band")
    values = list(bands.values())
    if len(set(values)) != len(values):
        raise ValueError(f"{what} thresholds must be distinct")
    return dict(sorted(bands.items(), key=lambda item: item[1]))


class ScoringModel(Strict):
    name: str = Field(min_length=1)
    description: str | None = None
    fit: FitGroup = Field(default_factory=FitGroup)
    engagement: EngagementGroup = Field(default_factory=EngagementGroup)
    tiers: dict[str, float] = Field(default_factory=lambda: {"cold": 0, "warm": 50, "hot": 100})
    grades: dict[str, float] = Field(default_factory=lambda: {"A": 75, "B": 50, "C": 25, "D": 0})
    signals: list[Signal] = Field(default_factory=list)
    lifecycle: Lifecycle = Field(default_factory=Lifecycle)

    @field_validator("tiers")
    @classmethod
    def _tiers(cls, bands: dict[str, float]) -> dict[str, float]:
        return _ascending(bands, "tiers")

    @field_validator("grades")
    @classmethod
    def _grades(cls, bands: dict[str, float]) -> dict[str, float]:
        return _ascending(bands, "grades")

    @model_validator(mode="after")
    def _names_unique_and_known(self) -> ScoringModel:
        problems = cross_reference_problems(self)
        if problems:
            raise problems[0]
        return self

    def signal(self, name: str) -> Signal:
        return next(signal for signal in self.signals if signal.name == name)
