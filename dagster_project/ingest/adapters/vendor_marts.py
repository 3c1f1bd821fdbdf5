"""Whether a refresh fills a vendor's parity marts: the Zendesk ones (dbt/models/marts/zendesk, dbt var
`zendesk_marts`) and the Intercom one (dbt/models/marts/intercom, var `intercom_marts`); otherwise a refresh
leaves them out (dagster_project/defs/parity_marts.py).

They restate our facts in the shape of the vendor's dbt package (fivetran/dbt_zendesk, fivetran/dbt_intercom)
and, for Zendesk, reconcile them with its own numbers, which only means something for that vendor's
account; at a million tickets `zendesk__ticket_metrics` is the costliest model of the build
(docs/performance.md). So by default a vendor's marts are filled when a delivery comes from one of its
adapters; `HELPDESK_<VENDOR>_MARTS=on` fills them for any account (an export already converted to the
canonical format, say), `off` never.
"""

from __future__ import annotations

from pathlib import Path

from dagster_project import settings
from dagster_project.ingest.adapters.adapted_delivery import ADAPTERS
from dagster_project.ingest.deliveries import delivery_sources

# Vendor -> the manifest sources whose deliveries come from it.
VENDOR_SOURCES: dict[str, frozenset[str]] = {
    vendor: frozenset(source for source in ADAPTERS if source.startswith(vendor)) for vendor in settings.MART_VENDORS
}


def builds_vendor_marts(raw_dir: Path, vendor: str, setting: str) -> bool:
    """`setting` is `auto`, `on` or `off` (settings.vendor_marts)."""
    if setting not in settings.VENDOR_MARTS_SETTINGS:
        raise ValueError(
            f"{vendor}_marts must be one of {', '.join(settings.VENDOR_MARTS_SETTINGS)}, got {setting!r}"
        )
    if setting != "auto":
        return setting == "on"
    return not VENDOR_SOURCES[vendor].isdisjoint(delivery_sources(raw_dir))


def measures_on_zendesk_schedules(raw_dir: Path) -> bool:
    """dbt var `zendesk_account_schedules`: a Zendesk delivery's tickets are measured on the account's own
    schedules, holidays and SLA policies (docs/business-hours.md), whether or not its parity marts are filled."""
    return builds_vendor_marts(raw_dir, "zendesk", "auto")
