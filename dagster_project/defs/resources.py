"""The resources every asset shares, configured once: the DuckDB warehouse and dbt (run in process)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from dagster import AssetKey, ConfigurableResource, DagsterRun, InitResourceContext
from pydantic import Field, PrivateAttr

from dagster_project import settings, warehouse
from dagster_project.defs.dbt_project import dbt_resource
from dagster_project.defs.jobs import full_refresh_job
from dagster_project.defs.parity_marts import left_out_keys, selects_the_whole_project, vendors_left_out_by
from dagster_project.ingest.adapters.vendor_marts import builds_vendor_marts, measures_on_zendesk_schedules
from dagster_project.ingest.adapters.zendesk_compat import builds_zendesk_compat
from dagster_project.ingest.refresh_state import (
    built_fingerprint,
    current_fingerprint,
    record_fingerprint,
)
from dagster_project.warehouse import publish
from dagster_project.warehouse.locking import refresh_lock


class WarehouseResource(ConfigurableResource):
    """Where exports are read from, and the DuckDB warehouse they are loaded into.

    A run never writes the published warehouse that analysts read: it holds the refresh lock, builds and
    validates a working copy next to it, and the `warehouse/published` asset swaps the copy in only when
    every gate passed (docs/operations.md).

    A run is incremental when it can be (docs/operations.md, "Incremental refresh"): it starts from a copy of
    the published warehouse, loads only new and changed files and lets dbt recompute only the tickets they
    touch. It rebuilds everything when asked to (`full_refresh`), when there is no published warehouse, or
    when the published one was built by another dbt project, ingest code or package version.
    """

    raw_dir: str = Field(
        default_factory=lambda: str(settings.raw_dir()),
        description="Folder of export deliveries (env HELPDESK_RAW_DIR, default data/raw).",
    )
    path: str = Field(
        default_factory=lambda: str(settings.warehouse_path()),
        description="The published DuckDB warehouse (env HELPDESK_WAREHOUSE, default data/warehouse.duckdb).",
    )
    full_refresh: bool = Field(
        default=False,
        description="Rebuild the warehouse from every delivery instead of refreshing it incrementally.",
    )
    zendesk_marts: str = Field(
        default_factory=lambda: settings.vendor_marts("zendesk"),
        description="Fill the Zendesk parity marts: auto (when a delivery comes from a Zendesk adapter), on or off "
        "(env HELPDESK_ZENDESK_MARTS, default auto).",
    )
    intercom_marts: str = Field(
        default_factory=lambda: settings.vendor_marts("intercom"),
        description="Fill the Intercom parity mart: auto (when a delivery comes from the Intercom adapter), on or "
        "off (env HELPDESK_INTERCOM_MARTS, default auto).",
    )
    zendesk_compat: str = Field(
        default_factory=settings.zendesk_compat,
        description="Build the Zendesk marts with fivetran/dbt_zendesk's definitions: auto (when a Zendesk "
        "delivery's manifest says \"zendesk_compat\": \"on\"), on or off (env HELPDESK_ZENDESK_COMPAT, default auto).",
    )
    # Unset, HELPDESK_AS_OF is read as each run starts (not when the definitions load).
    as_of: str | None = Field(
        default=None,
        description="The instant every mart takes as \"now\", ISO 8601 with its offset (2024-06-16T00:00:00Z); "
        "unset, env HELPDESK_AS_OF, else the latest timestamp in the deliveries.",
    )
    keep_published: int = Field(
        default_factory=publish.keep_published,
        description="Previously published warehouses kept in published/ for rollback "
        "(env HELPDESK_KEEP_PUBLISHED, default 5).",
    )

    # Why this run rebuilds every dbt model (dbt --full-refresh), or None for an incremental build; decided
    # once per run, as it starts.
    _full_rebuild_reason: str | None = PrivateAttr(default=None)
    # Vendor -> whether this run fills its parity marts (dbt var <vendor>_marts), decided as it starts.
    _builds_vendor_marts: dict[str, bool] = PrivateAttr(default_factory=dict)
    # Dbt vars this run derives from the deliveries and the settings (dbt var -> value), decided as it starts:
    # zendesk_compat, zendesk_account_schedules (a Zendesk delivery's schedules measure its tickets) and as_of.
    _dbt_switches: dict[str, bool | str | None] = PrivateAttr(default_factory=dict)

    @property
    def rebuilds_marts(self) -> bool:
        """Whether dbt rebuilds every model in this run (`dbt build --full-refresh`)."""
        return self._full_rebuild_reason is not None

    @property
    def builds_vendor_marts(self) -> dict[str, bool]:
        return {vendor: self._builds_vendor_marts.get(vendor, False) for vendor in settings.MART_VENDORS}

    @property
    def asked_vendor_marts(self) -> dict[str, str]:
        """Vendor -> auto, on or off: whether its parity marts are filled (ingest/adapters/vendor_marts.py)."""
        return {"zendesk": self.zendesk_marts, "intercom": self.intercom_marts}

    @property
    def parity_assets_left_out(self) -> frozenset[AssetKey]:
        """The parity assets of the vendors whose marts this run does not fill (defs/parity_marts.py): a
        refresh leaves them out, so the warehouse need not hold them."""
        return left_out_keys(vendor for vendor, filled in self.builds_vendor_marts.items() if not filled)

    @property
    def dbt_switches(self) -> dict[str, bool | str | None]:
        return {"zendesk_compat": False, "zendesk_account_schedules": False, "as_of": None, **self._dbt_switches}

    @property
    def raw_path(self) -> Path:
        return Path(self.raw_dir)

    @property
    def published_path(self) -> Path:
        return Path(self.path)

    @property
    def warehouse_path(self) -> Path:
        """The file this run builds and validates: the working copy next to the published warehouse. Every
        asset and check (and dbt, see defs/assets/dbt.py) works on it; only `warehouse/published` moves it."""
        return publish.working_copy_path(self.published_path)

    @contextmanager
    def connect(self, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        con = warehouse.connect(self.warehouse_path, read_only=read_only)
        try:
            yield con
        finally:
            con.close()

    @contextmanager
    def yield_for_execution(self, context: InitResourceContext) -> Iterator[WarehouseResource]:
        run = context.dagster_run
        if run is None:
            # A sensor or schedule evaluation only looks at the raw folder: it builds nothing.
            yield self
            return
        lock = publish.lock_path(self.published_path)
        with (
            publish.explained_os_errors(self.published_path.parent),
            refresh_lock(lock, activity="refresh", detail=f"run {run.run_id}") as held,
        ):
            if held.taken_over_from is not None:
                context.log.warning(
                    f"taking over the refresh lock {lock} left by {held.taken_over_from.describe()}, "
                    "which ended without releasing it (killed?)"
                )
            self._builds_vendor_marts = {
                vendor: builds_vendor_marts(self.raw_path, vendor, self.asked_vendor_marts[vendor])
                for vendor in settings.MART_VENDORS
            }
            for vendor in vendors_left_out_by(run.asset_selection):
                if self._builds_vendor_marts[vendor]:
                    context.log.warning(
                        f"this refresh leaves out the {vendor.capitalize()} parity models (chosen before a "
                        f"{vendor.capitalize()} delivery landed): not filled in this run; the next refresh fills them"
                    )
                    self._builds_vendor_marts[vendor] = False
            self._dbt_switches = {
                "zendesk_compat": builds_zendesk_compat(self.raw_path, self.zendesk_compat),
                "zendesk_account_schedules": measures_on_zendesk_schedules(self.raw_path),
                "as_of": settings.parse_as_of(self.as_of, "the warehouse resource's as_of") or settings.as_of(),
            }
            # Marts built with and without a vendor's, or to another fixed "now", are not one incremental line:
            # a switch rebuilds.
            fingerprint = current_fingerprint(vendor_marts=self._builds_vendor_marts, switches=self._dbt_switches)
            self._full_rebuild_reason = self._why_rebuild(fingerprint)
            whole_run = _covers_everything(run, self.parity_assets_left_out)
            start = publish.start_working_copy(
                self.published_path, from_published=not (whole_run and self.rebuilds_marts)
            )
            if start.discarded_leftover:
                context.log.warning(f"discarded the working copy {start.path} that an earlier run left unpublished")
            if whole_run and self.rebuilds_marts:
                # Only a run that builds every model may say which code the whole warehouse was built with.
                with self.connect() as con:
                    record_fingerprint(con, fingerprint)
            origin = "a copy of the published warehouse" if start.copied_from_published else "empty"
            mode = f"full rebuild: {self._full_rebuild_reason}" if self.rebuilds_marts else "incremental"
            context.log.info(f"building in {start.path}, starting from {origin} ({mode})")
            for vendor, filled in self.builds_vendor_marts.items():
                context.log.info(
                    f"{vendor.capitalize()} parity marts: "
                    + (
                        "filled"
                        if filled
                        else f"left out (no {vendor.capitalize()} delivery; "
                        f"HELPDESK_{vendor.upper()}_MARTS=on builds them)"
                    )
                )
            if self.builds_vendor_marts["zendesk"]:
                context.log.info(
                    "Zendesk marts: "
                    + ("the reference's definitions (zendesk_compat on)" if self.dbt_switches["zendesk_compat"]
                       else "our definitions (HELPDESK_ZENDESK_COMPAT=on gives the reference's)")
                )
            yield self

    def _why_rebuild(self, fingerprint: str) -> str | None:
        if self.full_refresh:
            return "asked for (full_refresh)"
        if not self.published_path.exists():
            return "no published warehouse yet"
        built = built_fingerprint(self.published_path)
        if built is None:
            return "the published warehouse does not say what built it"
        if built != fingerprint:
            return (
                "the dbt project, the ingest code, a package or the Zendesk settings changed since the"
                " published warehouse was built"
            )
        return None


def _covers_everything(run: DagsterRun, left_out: frozenset[AssetKey]) -> bool:
    """A whole `full_refresh` run builds every table (but the parity assets `left_out` of the vendors it does
    not fill, defs/parity_marts.py), so a full rebuild starts from an empty working copy; a subset, a
    re-execution or a check run on its own starts from the published warehouse."""
    if run.job_name != full_refresh_job.name or run.parent_run_id is not None:
        return False
    if run.asset_selection:
        return selects_the_whole_project(run.asset_selection, left_out)
    return not run.asset_check_selection


def build_resources() -> dict[str, object]:
    return {
        "warehouse": WarehouseResource(),
        "dbt": dbt_resource(),
    }
