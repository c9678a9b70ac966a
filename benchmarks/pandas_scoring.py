"""The scoring model in plain pandas: the contender a competent data scientist would write.

Used by benchmarks/batch.py. It computes what `leadscore score` computes per lead — fit,
engagement, total, tier, grade and active signals, but not the lifecycle stage — from the
same scoring-model file, with the usual pandas idioms: read Parquet, parse the JSON
`properties` with `json.loads`, one vectorised mask per rule, groupby sums of decayed
points, `clip` for caps, `np.select` for tiers and grades. It shares no code with the
engine (only the scoring-model types and the seniority patterns, which are data).

Run alone:  .venv/bin/python benchmarks/pandas_scoring.py LEADS EVENTS RULES AS_OF OUT
"""

from __future__ import annotations

import json
import sys
import warnings
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from leadscore.domain.lead import SENIORITY_PATTERNS
from leadscore.domain.timeutil import parse_timestamp
from leadscore.spec import ScoringModel, load_spec
from leadscore.spec.model import EventFilter, FitGroup, Test

SECONDS_PER_DAY = 86_400.0
PARSE_CHUNK = 500_000  # JSON objects parsed at a time, so the dicts never all sit in memory
OUTPUT = ["lead_id", "fit", "engagement", "total", "tier", "grade", "signals"]

# Groups in the model's patterns are for alternation; pandas warns that they capture nothing.
warnings.filterwarnings("ignore", "This pattern is interpreted as a regular expression")


def score_pandas(
    leads_path: Path, events_path: Path | None, spec: ScoringModel, as_of: datetime
) -> pd.DataFrame:
    """One row per lead: lead_id, fit, engagement, total, tier, grade, signals (a list)."""
    leads = _normalised(pd.read_parquet(leads_path))
    result = pd.DataFrame({"lead_id": leads["lead_id"].to_numpy()})
    result["fit"] = _fit(leads, spec.fit)
    if events_path is None:
        result["engagement"] = 0.0
        active = np.zeros((len(leads), len(spec.signals)), dtype=bool)
    else:
        events = _events(events_path, leads["lead_id"], pd.Timestamp(as_of))
        properties = _properties(events, [*spec.engagement.rules, *spec.signals])
        result["engagement"] = _engagement(events, properties, spec, len(leads))
        active = _signals(events, properties, spec, len(leads))
    result["total"] = result["fit"] + result["engagement"]
    result["tier"] = _band(spec.tiers, result["total"])
    result["grade"] = _band(spec.grades, result["fit"])
    result["signals"] = _signal_lists(active, [signal.name for signal in spec.signals])
    return result[OUTPUT]


# --- leads and fit ---------------------------------------------------------------------


def _normalised(leads: pd.DataFrame) -> pd.DataFrame:
    """Trimmed text with blanks as missing, lower-case email, numeric firmographics."""
    leads = leads.copy()
    for name in leads.columns:
        if pd.api.types.is_string_dtype(leads[name]):
            stripped = leads[name].str.strip()
            leads[name] = stripped.mask(stripped == "")
    for name in ("employees", "annual_revenue"):
        if name in leads.columns:
            leads[name] = pd.to_numeric(leads[name], errors="coerce")
    if "email" in leads.columns:
        leads["email"] = leads["email"].str.lower()
    if "seniority" not in leads.columns and "title" in leads.columns:
        leads["seniority"] = _seniority(leads["title"])
    return leads


def _seniority(title: pd.Series) -> pd.Series:
    """The first level whose pattern the title matches; a blank title has none."""
    conditions = [
        title.str.contains(p.pattern, regex=True, na=False) for _, p in SENIORITY_PATTERNS
    ]
    levels = np.select(conditions, [level for level, _ in SENIORITY_PATTERNS], "individual")
    return pd.Series(levels, index=title.index, dtype="str").mask(title.isna())


def _fit(leads: pd.DataFrame, group: FitGroup) -> pd.Series:
    fit = pd.Series(0.0, index=leads.index)
    for rule in group.rules:
        applies = np.ones(len(leads), dtype=bool)
        for test in rule.tests:
            if test.attribute not in leads.columns:
                raise KeyError(f"the leads file has no column {test.attribute!r}")
            applies &= _passes(test, leads[test.attribute])
        fit += np.where(applies, rule.points, 0.0)
    return fit if group.limit is None else fit.clip(upper=group.limit)


# --- tests on values -------------------------------------------------------------------


def _passes(test: Test, values: pd.Series) -> np.ndarray:
    """Where `test` passes: numbers compare as numbers, text case-insensitively, trimmed;
    a missing (or blank) value passes only `missing`."""
    text = _text(values)
    missing = (text.isna() | (text.str.strip() == "")).to_numpy(dtype=bool)
    operator = test.operator
    if operator == "missing":
        return missing
    if operator == "exists":
        return ~missing
    if operator in ("equals", "in", "not_in"):
        options = [test.equals] if operator == "equals" else list(test.operand(operator))  # type: ignore[arg-type]
        found = np.zeros(len(values), dtype=bool)
        folded = text.str.strip().str.lower()
        for option in options:
            found |= _same(values, folded, option)
        check = ~found if operator == "not_in" else found
    elif operator == "matches":
        check = text.str.contains(test.matches or "", regex=True, na=False).to_numpy(dtype=bool)
    else:
        number = _number(values)
        if test.between is not None:
            check = number.between(*test.between).to_numpy(dtype=bool)
        elif test.at_least is not None:
            check = (number >= test.at_least).to_numpy(dtype=bool)
        else:
            check = (number <= test.at_most).to_numpy(dtype=bool)
    return ~missing & check


def _same(values: pd.Series, folded: pd.Series, expected: object) -> np.ndarray:
    text_equal = (folded == _folded(expected)).fillna(False).to_numpy(dtype=bool)
    target = _as_number(expected)
    if target is None:
        return text_equal
    number = _number(values)
    return np.where(number.isna(), text_equal, (number == target).to_numpy(dtype=bool))


def _text(values: pd.Series) -> pd.Series:
    """Strings as they are, numbers as Python prints them, booleans as true / false."""
    if pd.api.types.is_string_dtype(values) and values.dtype != object:
        return values
    if pd.api.types.is_bool_dtype(values):
        return values.map({True: "true", False: "false"}).astype("str")
    if pd.api.types.is_numeric_dtype(values):
        return values.astype("str").mask(values.isna())
    return values.map(_scalar_text, na_action="ignore").astype("str")


def _number(values: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(values):
        return pd.Series(np.nan, index=values.index)
    if pd.api.types.is_numeric_dtype(values):
        return values.astype("float64")
    if values.dtype == object:
        values = values.map(lambda v: None if isinstance(v, bool) else v, na_action="ignore")
        return pd.to_numeric(values.astype("str").str.strip(), errors="coerce")
    return pd.to_numeric(values.str.strip(), errors="coerce")


def _scalar_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def _folded(value: object) -> str:
    return _scalar_text(value).strip().lower()


def _as_number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


# --- events, engagement and signals ----------------------------------------------------


def _events(path: Path, lead_ids: pd.Series, as_of: pd.Timestamp) -> pd.DataFrame:
    """Events known at `as_of`, one per id, with their lead's row number and age in days."""
    events = pd.read_parquet(
        path, columns=["event_id", "lead_id", "type", "occurred_at", "properties"]
    )
    events["occurred_at"] = pd.to_datetime(events["occurred_at"], utc=True)
    if events.duplicated(["lead_id", "event_id"]).any():  # keep the earliest copy of an id
        events = events.sort_values(["occurred_at", "type", "properties"], kind="stable")
        events = events.drop_duplicates(["lead_id", "event_id"])
    events = events[events["occurred_at"] <= as_of.tz_convert("UTC")]
    lead = pd.Categorical(events["lead_id"], categories=lead_ids)
    events = events.assign(lead=lead.codes)
    events = events[events["lead"] >= 0].reset_index(drop=True)
    age = (as_of.tz_convert("UTC") - events["occurred_at"]).dt.total_seconds() / SECONDS_PER_DAY
    return events.assign(age=age.to_numpy()).drop(columns=["occurred_at", "lead_id", "event_id"])


def _properties(events: pd.DataFrame, filters: Sequence[EventFilter]) -> pd.DataFrame:
    """The properties the rules test, parsed from JSON only for the event types that need
    them; indexed by event row."""
    keys = sorted({key for f in filters for key, _ in f.property_tests})
    types = {t for f in filters if f.property_tests for t in f.event_types}
    rows = np.flatnonzero(events["type"].isin(types).to_numpy(dtype=bool))
    texts = events["properties"].to_numpy()[rows]
    frames = []
    for start in range(0, len(rows), PARSE_CHUNK):
        records = [json.loads(text) if text else {} for text in texts[start : start + PARSE_CHUNK]]
        frames.append(
            pd.DataFrame.from_records(
                records, columns=keys, index=rows[start : start + PARSE_CHUNK]
            )
        )
    if not frames:
        return pd.DataFrame(columns=keys, index=rows)
    return pd.concat(frames)


def _masks(
    events: pd.DataFrame, properties: pd.DataFrame, filters: Sequence[EventFilter]
) -> list[np.ndarray]:
    """For each filter, where an event counts for it."""
    masks = []
    for event_filter in filters:
        mask = events["type"].isin(list(event_filter.event_types)).to_numpy(dtype=bool).copy()
        if event_filter.property_tests:
            rows = np.flatnonzero(mask)
            candidates = properties.loc[rows]
            passing = np.ones(len(rows), dtype=bool)
            for key, test in event_filter.property_tests:
                passing &= _passes(test, candidates[key])
            mask[rows] = passing
        masks.append(mask)
    return masks


def _engagement(
    events: pd.DataFrame, properties: pd.DataFrame, spec: ScoringModel, leads: int
) -> np.ndarray:
    group = spec.engagement
    masks = _masks(events, properties, group.rules)
    total = np.zeros(leads)
    for rule, mask in zip(group.rules, masks, strict=True):
        hits = events.loc[mask, ["lead", "age"]]
        half_life = group.half_life_of(rule)
        points = (
            rule.points if half_life is None else rule.points * 0.5 ** (hits["age"] / half_life)
        )
        decayed = pd.Series(points, index=hits.index).groupby(hits["lead"]).sum()
        if rule.cap is not None:
            decayed = decayed.clip(-rule.cap, rule.cap)
        total[decayed.index.to_numpy()] += decayed.to_numpy()
    return total if group.limit is None else np.minimum(total, group.limit)


def _signals(
    events: pd.DataFrame, properties: pd.DataFrame, spec: ScoringModel, leads: int
) -> np.ndarray:
    """A (leads x signals) boolean matrix: which signals are active for whom."""
    masks = _masks(events, properties, spec.signals)
    active = np.zeros((leads, len(spec.signals)), dtype=bool)
    age = events["age"].to_numpy()
    for column, (signal, mask) in enumerate(zip(spec.signals, masks, strict=True)):
        counts = events.loc[mask & (age <= signal.within_days), "lead"].value_counts()
        active[counts.index[counts >= signal.min_count].to_numpy(), column] = True
    return active


# --- bands and output ------------------------------------------------------------------


def _band(thresholds: dict[str, float], value: pd.Series) -> np.ndarray:
    """The highest band whose threshold is reached; below all of them, the lowest band."""
    ordered = sorted(thresholds.items(), key=lambda item: item[1], reverse=True)
    conditions = [(value >= threshold).to_numpy() for _, threshold in ordered]
    return np.select(conditions, [name for name, _ in ordered], ordered[-1][0])


def _signal_lists(active: np.ndarray, names: list[str]) -> list[list[str]]:
    """Each lead's active signal names, in model order (one list per distinct pattern)."""
    if not names:
        return [[] for _ in range(len(active))]
    codes = active.astype(np.int64) @ (1 << np.arange(len(names), dtype=np.int64))
    patterns, inverse = np.unique(codes, return_inverse=True)
    lists = [[n for bit, n in enumerate(names) if code >> bit & 1] for code in patterns]
    return [lists[i] for i in inverse]


def main(argv: Sequence[str]) -> None:
    """LEADS EVENTS RULES AS_OF OUT: score and write OUT as Parquet."""
    leads, events, rules, as_of, out = argv
    result = score_pandas(Path(leads), Path(events), load_spec(Path(rules)), parse_timestamp(as_of))
    result.to_parquet(out, index=False)


if __name__ == "__main__":
    main(sys.argv[1:])
