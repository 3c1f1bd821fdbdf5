"""A vendor's parity marts as Dagster assets, and the refresh that leaves them out when it does not fill them.

A vendor's part of the project is the dbt models in a folder named for it (dbt/models/**/zendesk,
**/intercom), less anything another model reads (the account's schedules and SLA policies, which measure a
Zendesk delivery's tickets in our own marts). The vendor reconciliation (marts/vendor) is every account's: it
reads zendesk__ticket_metrics only when the Zendesk marts are filled.

On an account the vendor's marts are not filled for (ingest/adapters/vendor_marts.py) those relations would
be empty, and building and checking them cost a quarter of a small refresh (docs/performance.md). So such a
refresh runs every asset but them (`refresh_selection`): a warehouse built for another account holds none
of the vendor's relations, as a dbt package leaves out the models of a source a project does not use, and
`warehouse/published` does not ask for them. Materializing them anyway (Dagster's "Materialize all") builds
them empty, as the var `<vendor>_marts` says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from dagster import AssetKey

from dagster_project import settings
from dagster_project.defs.dbt_project import TRANSLATOR, manifest
from dagster_project.ingest.adapters.vendor_marts import builds_vendor_marts

if TYPE_CHECKING:
    # Dagster's asset graph (Definitions.resolve_asset_graph, a sensor's or schedule's repository_def) has no
    # public import path.
    from dagster._core.definitions.assets.graph.asset_graph import AssetGraph

# The folder of what every vendor's deliveries share: the vendor's own metrics and their reconciliation with
# ours, which reads a vendor's parity marts only when they are filled (marts/vendor).
SHARED_FOLDER = "vendor"


@cache
def parity_asset_keys(vendor: str) -> frozenset[AssetKey]:
    """The asset keys of `vendor`'s part of the project (module docstring)."""
    project = manifest()
    nodes = {
        uid: node
        for uid, node in {**project["nodes"], **project["sources"]}.items()
        if node["resource_type"] != "test"
    }

    def in_folder(uid: str, folder: str) -> bool:
        return folder in nodes[uid]["fqn"][1:-1]

    part = {uid for uid in nodes if nodes[uid]["resource_type"] == "model" and in_folder(uid, vendor)}
    parents = {
        uid: {
            parent
            for parent in node.get("depends_on", {}).get("nodes", [])
            if parent in nodes and not (in_folder(uid, SHARED_FOLDER) and parent in part)
        }
        for uid, node in nodes.items()
    }
    # What the rest of the project reads stays.
    part -= _closure((parent for uid in nodes.keys() - part for parent in parents[uid]), parents)
    return frozenset(TRANSLATOR.get_asset_spec(project, uid, None).key for uid in part)


def _closure(start: Iterable[str], edges: Mapping[str, set[str]]) -> set[str]:
    """`start` and every node reached from it along `edges`."""
    reached = set(start)
    stack = list(reached)
    while stack:
        for nxt in edges.get(stack.pop(), ()):
            if nxt not in reached:
                reached.add(nxt)
                stack.append(nxt)
    return reached


def unfilled_vendors(raw_dir: Path, asked: Mapping[str, str] | None = None) -> list[str]:
    """The vendors whose parity marts a refresh of `raw_dir` does not fill; `asked` overrides
    HELPDESK_<VENDOR>_MARTS per vendor (auto, on or off)."""
    asked = asked or {}
    return [
        vendor
        for vendor in settings.MART_VENDORS
        if not builds_vendor_marts(raw_dir, vendor, asked.get(vendor, settings.vendor_marts(vendor)))
    ]


def left_out_keys(vendors: Iterable[str]) -> frozenset[AssetKey]:
    """The parity assets of `vendors`, which a refresh that does not fill their marts leaves out."""
    return frozenset().union(*(parity_asset_keys(vendor) for vendor in vendors))


def refresh_selection(asset_graph: AssetGraph, raw_dir: Path, asked: Mapping[str, str] | None = None) -> list[AssetKey] | None:
    """The assets of a refresh of `raw_dir`: every one but the parity assets of the vendors it does not fill,
    or None (all) when it fills them all."""
    left_out = left_out_keys(unfilled_vendors(raw_dir, asked))
    if not left_out:
        return None
    return sorted(asset_graph.get_all_asset_keys() - left_out, key=lambda key: key.path)


def selects_the_whole_project(selection: Iterable[AssetKey], left_out: frozenset[AssetKey]) -> bool:
    """Whether a run of `selection` builds every relation of the warehouse but the parity assets `left_out`:
    a refresh of an account some vendors' marts are not filled for."""
    return _relation_keys() - left_out <= set(selection)


@cache
def _relation_keys() -> frozenset[AssetKey]:
    """The assets `warehouse/published` waits for: every relation of the warehouse."""
    # The definitions import this module (through the resources): they are read when a run asks, not at import.
    from dagster_project.definitions import warehouse_assets

    return frozenset(spec.key for assets_def in warehouse_assets for spec in assets_def.specs)


def vendors_left_out_by(selection: Iterable[AssetKey] | None) -> list[str]:
    """The vendors whose parity assets a refresh's `selection` leaves out (refresh_selection), whatever the
    raw folder says when the run starts: a sensor or schedule chose the selection before a delivery that
    changes it had landed whole. [] for any other run (all assets, a subset)."""
    if not selection:
        return []
    selected = set(selection)
    vendors = [vendor for vendor in settings.MART_VENDORS if parity_asset_keys(vendor).isdisjoint(selected)]
    return vendors if selects_the_whole_project(selected, left_out_keys(vendors)) else []
