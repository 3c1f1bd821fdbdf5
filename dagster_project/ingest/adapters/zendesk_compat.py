"""Whether a refresh builds the Zendesk marts with fivetran/dbt_zendesk's definitions (dbt var
`zendesk_compat`): its clocks, minute boundaries, counting and status names, so their numbers equal the
reference's (docs/zendesk-parity.md). Off, they use this project's definitions (docs/metrics.md).

`HELPDESK_ZENDESK_COMPAT=on` or `off` decides; `auto` (the default) follows the deliveries: on when a Zendesk
delivery's manifest.json says `"zendesk_compat": "on"`. It changes the Zendesk marts only, never ours.
"""

from __future__ import annotations

from pathlib import Path

from dagster_project import settings
from dagster_project.ingest.deliveries import delivery_manifests


def builds_zendesk_compat(raw_dir: Path, setting: str) -> bool:
    """`setting` is `auto`, `on` or `off` (settings.zendesk_compat)."""
    if setting not in settings.VENDOR_MARTS_SETTINGS:
        raise ValueError(f"zendesk_compat must be one of {', '.join(settings.VENDOR_MARTS_SETTINGS)}, got {setting!r}")
    if setting != "auto":
        return setting == "on"
    return any(m.source.startswith("zendesk") and m.zendesk_compat == "on" for m in delivery_manifests(raw_dir))
