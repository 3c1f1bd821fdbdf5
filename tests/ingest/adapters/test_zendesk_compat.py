"""The Zendesk compat switch: HELPDESK_ZENDESK_COMPAT (auto, on, off) and a Zendesk manifest's "zendesk_compat"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dagster_project import settings
from dagster_project.ingest.adapters.zendesk_compat import builds_zendesk_compat
from dagster_project.ingest.deliveries import read_manifest
from dagster_project.ingest.errors import IngestError


def _manifest(raw_dir: Path, folder: str, **keys: str) -> Path:
    (raw_dir / folder).mkdir()
    path = raw_dir / folder / "manifest.json"
    path.write_text(json.dumps(keys), encoding="utf-8")
    return path


def test_auto_follows_the_zendesk_manifests(raw_dir: Path) -> None:
    _manifest(raw_dir, "2024-06-01", source="zendesk_fivetran")
    assert builds_zendesk_compat(raw_dir, "auto") is False
    _manifest(raw_dir, "2024-06-02", source="zendesk_api", zendesk_compat="on")
    assert builds_zendesk_compat(raw_dir, "auto") is True
    assert builds_zendesk_compat(raw_dir, "off") is False


def test_on_and_off_decide_whatever_the_deliveries_say(raw_dir: Path) -> None:
    assert builds_zendesk_compat(raw_dir, "on") is True
    assert builds_zendesk_compat(raw_dir / "missing", "auto") is False


def test_the_manifest_key_belongs_to_zendesk_and_says_on_or_off(raw_dir: Path) -> None:
    path = _manifest(raw_dir, "a", source="freshdesk", zendesk_compat="on")
    with pytest.raises(IngestError, match="a/manifest.json: 'zendesk_compat' is an option of the Zendesk sources"):
        read_manifest(raw_dir, path)
    path = _manifest(raw_dir, "b", source="zendesk_fivetran", zendesk_compat="yes")
    with pytest.raises(IngestError, match="'zendesk_compat' must be one of on, off, got 'yes'"):
        read_manifest(raw_dir, path)


def test_the_environment_setting_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPDESK_ZENDESK_COMPAT", " ON ")
    assert settings.zendesk_compat() == "on"
    monkeypatch.setenv("HELPDESK_ZENDESK_COMPAT", "true")
    with pytest.raises(ValueError, match="HELPDESK_ZENDESK_COMPAT must be one of auto, on, off, got 'true'"):
        settings.zendesk_compat()
    with pytest.raises(ValueError, match="zendesk_compat must be one of auto, on, off"):
        builds_zendesk_compat(Path("."), "true")
