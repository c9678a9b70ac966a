"""Pages of current scores, best first, for the API's lead list: filters and keyset paging.

A page ends at a (total, lead_id) position; the next starts strictly after it, so pages
neither skip nor repeat rows while scores stay put, and each page is one indexed query.
"""

from __future__ import annotations

from sqlalchemy import JSON, Connection, and_, cast, exists, func, literal, or_, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.sql.elements import ColumnElement

from leadscore.domain.score_filter import ScoreFilter
from leadscore.domain.scorecard import StoredScore
from leadscore.stores.records import to_stored_score
from leadscore.stores.tables import leads, scores


def score_page(
    connection: Connection,
    where: ScoreFilter,
    limit: int,
    after: tuple[float, str] | None = None,
    ascending: bool = False,
) -> list[StoredScore]:
    """Up to `limit` cards matching `where`, by total (descending unless `ascending`), then
    lead_id; `after` is the (total, lead_id) the previous page ended at."""
    total = scores.c.total
    query = select(scores).order_by(total.asc() if ascending else total.desc(), scores.c.lead_id)
    for column, value in (
        (scores.c.tier, where.tier),
        (scores.c.grade, where.grade),
        (scores.c.stage, where.stage),
    ):
        if value is not None:
            query = query.where(column == value)
    if where.owner is not None:
        owned = leads.c.attributes["owner"].as_string() == where.owner
        query = query.where(exists().where(leads.c.lead_id == scores.c.lead_id, owned))
    if where.signal is not None:
        query = query.where(_has_signal(connection, where.signal))
    if after is not None:
        last_total, last_id = after
        beyond = total > last_total if ascending else total < last_total
        query = query.where(or_(beyond, and_(total == last_total, scores.c.lead_id > last_id)))
    return [to_stored_score(row) for row in connection.execute(query.limit(limit))]


def _has_signal(connection: Connection, signal: str) -> ColumnElement[bool]:
    if connection.dialect.name == "postgresql":
        return cast(scores.c.signals, JSONB).contains(cast(literal([signal], JSON), JSONB))
    items = func.json_each(scores.c.signals).table_valued("value")
    return exists().select_from(items).where(items.c.value == signal)
