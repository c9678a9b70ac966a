"""One local Spark session for every Spark test: starting a JVM costs seconds, so it is
started once, on first use, and shared (score_files picks up the active session).

It is leadscore's own session (batch/engines.py) with two cores and settings for tiny
tables: two shuffle partitions, no adaptive re-planning, no code generation and only the
JVM's quick compiler, which on inputs of a few hundred rows cost far more than they save
(a test run takes half the time). Results do not depend on them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

SPARK_CONFIG = {
    "spark.sql.shuffle.partitions": "2",
    "spark.default.parallelism": "2",
    "spark.sql.adaptive.enabled": "false",
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.codegen.factoryMode": "NO_CODEGEN",
}


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A local[2] SparkSession bound to 127.0.0.1, active for the whole test session."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from leadscore.batch.engines import LOG_CONFIG, spark_builder

    java = f"-Dlog4j2.configurationFile={LOG_CONFIG.as_uri()} -XX:TieredStopAtLevel=1"
    builder = spark_builder("local[2]").config("spark.driver.extraJavaOptions", java)
    for key, value in SPARK_CONFIG.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def spark_con(spark: Any) -> Any:
    """An Ibis connection on the shared session."""
    import ibis

    return ibis.pyspark.connect(spark)
