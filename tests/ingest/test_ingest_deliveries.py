"""Discovering deliveries: order, manifest settings, table files and unknown files."""

from __future__ import annotations

import json

import pytest

from dagster_project.ingest import IngestError, Manifest, discover_deliveries


def test_deliveries_are_ordered_by_name_with_root_files_first(raw_dir, deliver):
    deliver("2024-05-10", "tickets.csv", "ticket_id")
    deliver("2024-05-02", "agents.jsonl")
    deliver("", "teams.parquet")
    deliveries = discover_deliveries(raw_dir)
    assert [(d.name, sorted(d.files)) for d in deliveries] == [
        ("", ["teams"]), ("2024-05-02", ["agents"]), ("2024-05-10", ["tickets"])
    ]
    assert deliveries[0].path == raw_dir
    assert deliveries[2].files["tickets"] == raw_dir / "2024-05-10" / "tickets.csv"


def test_raw_dir_with_only_folders_has_no_root_delivery(raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv")
    (raw_dir / ".gitkeep").touch()
    assert [d.name for d in discover_deliveries(raw_dir)] == ["2024-05-01"]


def test_manifest_settings_and_defaults(raw_dir, deliver):
    deliver("a", "manifest.json", json.dumps({"timezone": "Europe/Berlin", "encoding": "latin-1"}))
    deliver("b", "tickets.csv")
    assert [d.manifest for d in discover_deliveries(raw_dir)] == [
        Manifest(timezone="Europe/Berlin", encoding="latin-1", source="canonical"),
        Manifest(timezone="UTC", encoding="utf-8", source="canonical"),
    ]


def test_unknown_files_are_listed_and_hidden_files_skipped(raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv")
    deliver("2024-05-01", "tickets.xlsx")
    deliver("2024-05-01", "readme.md")
    deliver("2024-05-01", ".DS_Store")
    (raw_dir / "2024-05-01" / "attachments").mkdir()
    (delivery,) = discover_deliveries(raw_dir)
    assert [p.name for p in delivery.unknown_files] == ["attachments", "readme.md", "tickets.xlsx"]
    assert list(delivery.files) == ["tickets"]


def test_two_files_for_one_table_in_a_delivery_is_an_error(raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv")
    deliver("2024-05-01", "tickets.csv.gz")
    with pytest.raises(IngestError) as error:
        discover_deliveries(raw_dir)
    assert str(error.value) == (
        "2024-05-01/tickets.csv.gz: delivery '2024-05-01' already has tickets.csv for table 'tickets';"
        " keep one file per table"
    )


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("{not json", "2024-05-01/manifest.json: cannot be read as JSON: "),
        ('["UTC"]', "2024-05-01/manifest.json: must be a JSON object"),
        (
            '{"timezon": "UTC"}',
            "2024-05-01/manifest.json: unknown key 'timezon' (known keys: timezone, encoding, source, exported_at, public_notes, zendesk_compat)",
        ),
        ('{"timezone": 1}', "2024-05-01/manifest.json: 'timezone' must be a non-empty string, got 1"),
        # The vendor adapters name the sources they support after canonical.
        ('{"source": "zendesk"}', "2024-05-01/manifest.json: unknown source 'zendesk' (supported: canonical,"),
        (
            '{"encoding": "klingon"}',
            "2024-05-01/manifest.json: unknown encoding 'klingon' (e.g. utf-8, latin-1, cp1252, gb18030)",
        ),
        (
            '{"exported_at": "2024-05-01 06:00"}',
            "2024-05-01/manifest.json: 'exported_at' must be an ISO 8601 time with an offset,"
            " e.g. 2024-05-01T06:00:00Z, got '2024-05-01 06:00'",
        ),
    ],
)
def test_bad_manifest_is_an_error(raw_dir, deliver, manifest, message):
    deliver("2024-05-01", "manifest.json", manifest)
    with pytest.raises(IngestError) as error:
        discover_deliveries(raw_dir)
    assert str(error.value).startswith(message)


def test_missing_raw_dir_is_an_error(tmp_path):
    with pytest.raises(IngestError, match="does not exist"):
        discover_deliveries(tmp_path / "nowhere")
