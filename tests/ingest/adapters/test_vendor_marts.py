"""Whether a refresh fills a vendor's parity marts: auto (a delivery from one of its adapters), on, off."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from dagster_project.ingest.adapters.vendor_marts import (
    VENDOR_SOURCES,
    builds_vendor_marts,
)
from dagster_project.ingest.deliveries import delivery_sources


def test_a_canonical_account_leaves_them_empty_unless_asked(raw_dir: Path, deliver) -> None:  # noqa: ANN001
    deliver("2024-03-01", "tickets.csv", "ticket_id,created_at", "t1,2024-03-01T08:00:00Z")
    assert delivery_sources(raw_dir) == {"canonical"}
    assert builds_vendor_marts(raw_dir, "zendesk", "auto") is False
    assert builds_vendor_marts(raw_dir, "intercom", "auto") is False
    assert builds_vendor_marts(raw_dir, "zendesk", "on") is True


def test_a_zendesk_delivery_fills_them_unless_switched_off(
    raw_dir: Path, deliver, copy_fixture: Callable[[str], Path]  # noqa: ANN001
) -> None:
    deliver("2024-03-01", "tickets.csv", "ticket_id,created_at", "t1,2024-03-01T08:00:00Z")
    copy_fixture("zendesk_api/2024-06-16-zendesk-api")
    assert delivery_sources(raw_dir) == {"canonical", "zendesk_api"}
    assert builds_vendor_marts(raw_dir, "zendesk", "auto") is True
    assert builds_vendor_marts(raw_dir, "zendesk", "off") is False
    # Zendesk's deliveries say nothing about Intercom
    assert builds_vendor_marts(raw_dir, "intercom", "auto") is False


def test_every_adapter_of_a_vendor_counts(raw_dir: Path) -> None:
    assert VENDOR_SOURCES == {"zendesk": {"zendesk_api", "zendesk_fivetran"}, "intercom": {"intercom"}}
    for source in VENDOR_SOURCES["zendesk"] | VENDOR_SOURCES["intercom"]:
        folder = raw_dir / source
        folder.mkdir()
        (folder / "manifest.json").write_text(json.dumps({"source": source}), encoding="utf-8")
    assert builds_vendor_marts(raw_dir, "zendesk", "auto") is True
    assert builds_vendor_marts(raw_dir, "intercom", "auto") is True


def test_no_raw_dir_means_no_vendor_delivery(tmp_path: Path) -> None:
    assert builds_vendor_marts(tmp_path / "missing", "zendesk", "auto") is False


def test_an_unknown_setting_is_an_error(raw_dir: Path) -> None:
    with pytest.raises(ValueError, match="intercom_marts must be one of auto, on, off, got 'yes'"):
        builds_vendor_marts(raw_dir, "intercom", "yes")
