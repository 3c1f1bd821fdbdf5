"""The one error the ingest raises when a delivery cannot be loaded as a whole."""

from __future__ import annotations


class IngestError(ValueError):
    """A delivery problem that stops the run (unreadable file, missing required column, bad manifest).

    Problems with single rows never raise: those rows go to `raw.quarantine`."""
