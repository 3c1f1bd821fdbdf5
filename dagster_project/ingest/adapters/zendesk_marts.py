"""Whether a refresh fills the Zendesk parity marts (dbt/models/marts/zendesk, dbt var `zendesk_marts`);
otherwise they are tables with no rows.

They restate our facts in fivetran/dbt_zendesk's shape and reconcile them with Zendesk's own numbers, which
only means something for a Zendesk account, and at a million tickets `zendesk__ticket_metrics` is the
costliest model of the build (docs/performance.md). So by default they are filled when a delivery comes
from a Zendesk adapter; `HELPDESK_ZENDESK_MARTS=on` fills them for any account (a Zendesk export already
converted to the canonical format, say), `off` never.
"""

from __future__ import annotations

from pathlib import Path

from dagster_project import settings
from dagster_project.ingest.adapters.adapted_delivery import ADAPTERS
from dagster_project.ingest.deliveries import delivery_sources

ZENDESK_SOURCES = frozenset(source for source in ADAPTERS if source.startswith("zendesk"))


def builds_zendesk_marts(raw_dir: Path, setting: str) -> bool:
    """`setting` is `auto`, `on` or `off` (settings.zendesk_marts)."""
    if setting not in settings.ZENDESK_MARTS_SETTINGS:
        raise ValueError(f"zendesk_marts must be one of {', '.join(settings.ZENDESK_MARTS_SETTINGS)}, got {setting!r}")
    if setting != "auto":
        return setting == "on"
    return not ZENDESK_SOURCES.isdisjoint(delivery_sources(raw_dir))
