"""Where a batch job runs: DuckDB in this process, or Spark (local or a cluster).

Spark is optional (`pip install 'leadscore[spark]'`) and imported only when asked for. A job
in a notebook, or in a driver that built its own session, uses the session already there;
otherwise leadscore starts one (on LEADSCORE_SPARK_MASTER, or under spark-submit on what
spark-submit was given) and stops it afterwards.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

from ibis.backends import BaseBackend

from leadscore.batch.tables import workspace as duckdb_workspace
from leadscore.errors import LeadscoreError

MASTER_VARIABLE = "LEADSCORE_SPARK_MASTER"
DEFAULT_MASTER = "local[*]"
LOOPBACK = "127.0.0.1"
#: log4j at ERROR, without the banner and start-up warnings Spark prints by default.
LOG_CONFIG = Path(__file__).with_name("spark-log4j2.properties")
#: PySpark 4 logs each SQL error it raises as JSON on stderr; leadscore reports it itself.
ERROR_LOGGERS = ("SQLQueryContextLogger", "DataFrameQueryContextLogger")


class Engine(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


@contextlib.contextmanager
def workspace(engine: Engine | str = Engine.duckdb) -> Iterator[BaseBackend]:
    """An Ibis connection for the job's tables, released afterwards."""
    if Engine(engine) == Engine.duckdb:
        with duckdb_workspace() as con:
            yield con
        return
    with spark_workspace() as con:
        yield con


@contextlib.contextmanager
def spark_workspace() -> Iterator[BaseBackend]:
    """The active SparkSession if there is one, else a new one that is stopped afterwards."""
    spark = _pyspark()
    session = spark.SparkSession.getActiveSession()
    owned = session is None
    if session is None:
        session = spark_builder().getOrCreate()
        session.sparkContext.setLogLevel("ERROR")
    try:
        import ibis

        with _quiet_error_loggers():
            yield ibis.pyspark.connect(session)
    finally:
        if owned:
            session.stop()


def spark_builder(master: str | None = None) -> Any:
    """A SparkSession builder for leadscore alone: UTC, no web UI, no progress bars, quiet
    logs; a local master listens on the loopback address only.

    The master is `master`, else LEADSCORE_SPARK_MASTER, else the one spark-submit was
    given when leadscore runs under it, else local[*]."""
    master = master or os.environ.get(MASTER_VARIABLE, "").strip()
    if not master and not _submitted():
        master = DEFAULT_MASTER
    builder = (
        _pyspark()
        .SparkSession.builder.appName("leadscore")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        # PySpark 3.5 hands results to Ibis through pandas: as Arrow, not row by row.
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        # Constraint propagation costs seconds of planning on the wide CASE expressions of
        # a scoring model and never prunes anything in them.
        .config("spark.sql.constraintPropagation.enabled", "false")
    )
    if master:
        builder = builder.master(master)
    if master.startswith("local"):
        logging = f"-Dlog4j2.configurationFile={LOG_CONFIG.as_uri()}"
        builder = (
            builder.config("spark.driver.host", LOOPBACK)
            .config("spark.driver.bindAddress", LOOPBACK)
            .config("spark.driver.extraJavaOptions", logging)
        )
    return builder


@contextlib.contextmanager
def _quiet_error_loggers() -> Iterator[None]:
    """PySpark's JSON error log muted while leadscore runs: it reports errors itself."""
    try:
        from pyspark.logger import PySparkLogger
    except ImportError:  # PySpark 3.5 logs no such thing
        yield
        return
    loggers = [PySparkLogger.getLogger(name) for name in ERROR_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _submitted() -> bool:
    """Whether this Python process is a driver spark-submit started (its JVM, with the
    master and configuration spark-submit was given, is already running)."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def _pyspark() -> Any:
    try:
        import pyspark.sql
    except ImportError:
        raise LeadscoreError(
            "the Spark engine needs PySpark: pip install 'leadscore[spark]'"
        ) from None
    return pyspark.sql
