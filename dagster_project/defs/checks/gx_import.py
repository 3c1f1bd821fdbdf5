"""Importing Great Expectations while the run waits for dbt, instead of in the first gate."""

from __future__ import annotations

import importlib
import threading

_started = threading.Lock()
_thread: threading.Thread | None = None


def import_gx_in_background() -> None:
    """Start importing great_expectations in a daemon thread, once per process.

    The import costs about 5 s of CPU. dbt runs in this process, but much of its step is DuckDB's work,
    which releases the GIL, so the import overlaps with it, and the gates that run next find the module
    loaded. Python's import lock makes
    a gate that starts before the import finished wait for it rather than import twice.
    """
    global _thread
    with _started:
        if _thread is None:
            _thread = threading.Thread(
                target=importlib.import_module, args=("great_expectations",), name="import-gx", daemon=True
            )
            _thread.start()
