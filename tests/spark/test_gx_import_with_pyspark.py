"""Great Expectations imports in a process whose `__main__` has no `__file__` (a pytest-xdist worker, any
`python -c`) once pyspark is installed: the gates of `make test` after `make spark-setup` (issue 16).

pyspark's `pyspark.sql.connect` calls `sys.exit(0)` on import there when the Spark Connect client's
dependencies are missing; GX imports it, so the worker ended in its first gate. Runs when pyspark is
installed (no Java needed: nothing starts Spark).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyspark", reason="the Spark path is not installed (make spark-setup)")

# Run by `python -c`: `__main__` has no `__spec__` and no `__file__`, as in an xdist worker. A gate: three
# minutes, at most 60 each (a suite file of its own, argv[1]).
GATE_IN_A_FILELESS_MAIN = """
import json, sys
from pathlib import Path
import duckdb
from dagster_project.defs.checks import validate_table

suite = Path(sys.argv[1])
suite.write_text(json.dumps({"name": "minutes", "expectations": [
    {"type": "expect_table_row_count_to_equal", "kwargs": {"value": 3}},
    {"type": "expect_column_values_to_be_between", "kwargs": {"column": "minutes", "max_value": 60}},
]}))
con = duckdb.connect()
con.execute("create schema marts")
con.execute("create table marts.waits as select * from (values (1.5), (30.0), (75.0)) as t(minutes)")
result = validate_table(con, "waits", suite_path=suite)
print("main has __file__:", hasattr(sys.modules["__main__"], "__file__"))
print("gate ran:", result.success, [(o.label, o.success, o.unexpected_count) for o in result.expectations])
print("spark connect:", sys.modules.get("pyspark.sql.connect", "not imported"))
"""


def test_a_gate_runs_to_its_result_in_a_process_without_main_file(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-c", GATE_IN_A_FILELESS_MAIN, str(tmp_path / "minutes.json")],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    # Before the guard: status 0, "Skipping doctests: No module named 'google.rpc'" on stderr, no output.
    assert run.returncode == 0, run.stderr
    assert "Skipping doctests" not in run.stderr
    assert run.stdout.splitlines() == [
        "main has __file__: False",
        "gate ran: False [('expect_table_row_count_to_equal on the table', True, None), ('minutes <= 60', False, 1)]",
        # GX goes on without Spark Connect, as in a process with a __file__ (ImportError)
        "spark connect: None",
    ]


def test_the_guard_leaves_a_process_with_main_file_alone(tmp_path: Path) -> None:
    # A script's `__main__` has its `__file__`: pyspark raises its ImportError there, and nothing is changed.
    script = tmp_path / "gate.py"
    script.write_text(
        "import sys\nimport dagster_project.defs.checks\n"
        "print('main has __file__:', hasattr(sys.modules['__main__'], '__file__'))\n"
        "print('spark connect:', sys.modules.get('pyspark.sql.connect', 'not imported'))\n",
        encoding="utf-8",
    )
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["main has __file__: True", "spark connect: not imported"]
