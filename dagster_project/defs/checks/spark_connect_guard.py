"""Keeping GX's optional import of Spark Connect from ending the process (issue 16)."""

from __future__ import annotations

import importlib.util
import sys


def keep_spark_connect_from_exiting() -> None:
    """Make `pyspark.sql.connect` unimportable where importing it would call `sys.exit(0)`.

    Great Expectations imports `pyspark.sql.connect` whenever pyspark is installed (`make spark-setup`), to
    recognise Spark Connect dataframes, and expects an ImportError when it cannot. But the package's
    `check_dependencies()` takes a `__main__` without `__spec__`, `__file__` or `sys.ps1` for pyspark's own
    doctest runner and, when the Connect client's dependencies (grpcio-status, googleapis-common-protos...)
    are missing, prints "Skipping doctests" and exits with status 0. Such a `__main__` is a pytest-xdist
    worker's (execnet runs it from `-c`) or any `python -c`: a gate's first GX import ended the worker.
    There, and only when pyspark itself says the client cannot load (`should_test_connect`), a None in
    sys.modules turns the import into the ImportError that every other process gets from it. The project
    never uses Spark Connect (dbt-spark's session method runs classic Spark), and `__main__` is left alone:
    multiprocessing's spawn start method re-runs a `__main__.__file__` in its children.
    """
    main = sys.modules.get("__main__")
    if getattr(main, "__spec__", None) is not None or hasattr(main, "__file__") or hasattr(sys, "ps1"):
        return
    if "pyspark.sql.connect" in sys.modules or importlib.util.find_spec("pyspark") is None:
        return
    from pyspark.testing.utils import should_test_connect

    if not should_test_connect:
        sys.modules["pyspark.sql.connect"] = None  # type: ignore[assignment]
