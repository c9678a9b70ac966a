"""Turn facade results into Rich tables, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from rich import box
from rich.markup import escape
from rich.table import Table

from leadscore.domain.scorecard import ScoreCard
from leadscore.service import LeadDetail

LIST_COLUMNS = ("lead_id", "fit", "engagement", "total", "tier", "grade", "stage", "signals")
TIER_STYLE = {"hot": "bold red", "warm": "yellow", "cold": "cyan"}


def card_record(card: ScoreCard) -> dict[str, Any]:
    return {
        "lead_id": card.lead_id,
        "fit": round(card.fit, 6),
        "engagement": round(card.engagement, 6),
        "total": round(card.total, 6),
        "tier": card.tier,
        "grade": card.grade,
        "stage": card.stage.value,
        "signals": list(card.signals),
    }


def cards_csv(cards: Sequence[ScoreCard]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=LIST_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for card in cards:
        record = card_record(card)
        record["signals"] = ";".join(record["signals"])
        writer.writerow(record)
    return buffer.getvalue()


def cards_json(cards: Sequence[ScoreCard]) -> str:
    return json.dumps([card_record(card) for card in cards], indent=2)


def cards_table(cards: Sequence[ScoreCard], title: str = "Leads") -> Table:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("#", justify="right", style="dim", min_width=3, no_wrap=True)
    table.add_column("lead", no_wrap=True, min_width=7)
    for name in ("fit", "engagement", "total"):
        table.add_column(name, justify="right", no_wrap=True, min_width=max(len(name), 5))
    for name in ("tier", "grade", "stage"):
        table.add_column(name, no_wrap=True, min_width=5)
    table.add_column("signals", no_wrap=True, overflow="ellipsis", max_width=40)
    for rank, card in enumerate(cards, start=1):
        table.add_row(
            str(rank),
            escape(card.lead_id),
            f"{card.fit:.1f}",
            f"{card.engagement:.1f}",
            f"{card.total:.1f}",
            f"[{TIER_STYLE.get(card.tier, '')}]{escape(card.tier)}[/]",
            escape(card.grade),
            card.stage.value,
            escape(_signals_cell(card.signals)),
        )
    return table


def _signals_cell(signals: Sequence[str]) -> str:
    if not signals:
        return "-"
    return f"({len(signals)}) {', '.join(signals)}"


def funnel_table(counts: dict[str, int]) -> Table:
    total = sum(counts.values()) or 1
    table = Table(title="Funnel", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("stage")
    table.add_column("leads", justify="right")
    table.add_column("share", justify="right")
    for stage, count in counts.items():
        table.add_row(stage, f"{count:,}", f"{100 * count / total:.1f}%")
    return table


def explain_tables(detail: LeadDetail, model: str) -> list[Table | str]:
    lead, stored = detail.lead, detail.score
    who = " · ".join(
        part
        for part in (
            " ".join(p for p in (lead.first_name, lead.last_name) if p),
            lead.title,
            lead.company,
            lead.email,
        )
        if part
    )
    parts: list[Table | str] = [
        f"[bold]{escape(lead.lead_id)}[/] {escape(who or '(unidentified)')}"
    ]
    if stored is None:
        parts.append("not scored yet: run `leadscore score`")
        return parts
    card = stored.card
    parts.append(
        f"scored as of {card.as_of:%Y-%m-%d %H:%M} UTC with {escape(model)} (version "
        f"{stored.model_version}): fit {card.fit:.1f} + engagement {card.engagement:.1f} = "
        f"[bold]{card.total:.1f}[/], tier [bold]{escape(card.tier)}[/], "
        f"grade [bold]{escape(card.grade)}[/], stage [bold]{card.stage.value}[/]"
    )
    parts.append(_contributions_table(card))
    parts.append(f"signals: {escape(', '.join(card.signals) or 'none active')}")
    if card.transitions:
        parts.append(_transitions_table(card))
    if detail.decisions:
        parts.append(_decisions_table(detail))
    return parts


def _contributions_table(card: ScoreCard) -> Table:
    table = Table(title="Every point explained", title_justify="left")
    for name, justify in (
        ("group", "left"),
        ("rule", "left"),
        ("events", "right"),
        ("raw", "right"),
        ("after decay", "right"),
        ("points", "right"),
        ("note", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for line in card.contributions:
        note = "group limit" if line.kind == "limit" else ("cap hit" if line.cap_hit else "")
        table.add_row(
            line.group,
            escape(line.rule),
            str(len(line.event_ids)) if line.event_ids else "",
            "" if line.kind == "limit" else f"{line.raw:g}",
            "" if line.kind == "limit" else f"{line.decayed:.2f}",
            f"{line.points:.2f}",
            note,
        )
    table.add_row("", "[bold]total[/]", "", "", "", f"[bold]{card.total:.2f}[/]", "")
    return table


def _transitions_table(card: ScoreCard) -> Table:
    table = Table(title="Stage history", title_justify="left")
    for name in ("at", "from", "to", "by", "why"):
        table.add_column(name)
    for step in card.transitions:
        table.add_row(
            f"{step.at:%Y-%m-%d %H:%M}",
            step.from_stage.value,
            step.to_stage.value,
            escape(step.actor),
            escape(step.reason),
        )
    return table


def _decisions_table(detail: LeadDetail) -> Table:
    table = Table(title="Sales decisions", title_justify="left")
    for name in ("at", "decision", "BANT", "by", "reason"):
        table.add_column(name)
    for decision in detail.decisions:
        table.add_row(
            f"{decision.decided_at:%Y-%m-%d %H:%M}",
            decision.kind.value,
            ", ".join(decision.bant_confirmed) or "-",
            escape(decision.actor),
            escape(decision.reason),
        )
    return table


def detail_json(detail: LeadDetail) -> str:
    data: dict[str, Any] = {"lead": asdict(detail.lead), "score": None, "decisions": []}
    if detail.score is not None:
        card = detail.score.card
        data["score"] = {
            **card_record(card),
            "as_of": card.as_of,
            "model_version": detail.score.model_version,
            "contributions": [asdict(line) for line in card.contributions],
            "stage_history": [asdict(step) for step in card.transitions],
        }
    data["decisions"] = [asdict(decision) for decision in detail.decisions]
    return json.dumps(data, indent=2, default=str)
