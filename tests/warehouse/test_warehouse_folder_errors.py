"""A read-only warehouse folder or a full disk: the refresh says so and the published warehouse is untouched.

Each refresh runs in a mount namespace of its own, with the warehouse folder a real tmpfs: read-only, or
just larger than the published warehouse, so the working copy fills it during the refresh.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from dagster_project.settings import PROJECT_ROOT
from dagster_project.warehouse.publish import disk_full_message

# Mount the folder, put the published warehouse in, run the command, then copy out what the folder holds
# (the mount vanishes with the namespace).
IN_A_SMALL_FOLDER = """
folder="$1"; size="$2"; mode="$3"; published="$4"; out="$5"; shift 5
mount -t tmpfs -o "size=$size" tmpfs "$folder" || exit 90
cp "$published" "$folder/warehouse.duckdb" || exit 91
if [ "$mode" = ro ]; then mount -o remount,ro "$folder" || exit 92; fi
"$@"
code=$?
cp "$folder/warehouse.duckdb" "$out/warehouse.duckdb"
ls -A "$folder" > "$out/listing"
exit $code
"""


def _refresh_in_small_folder(
    site, mount_namespace: list[str], cli: list[str], env: dict[str, str], *, size_kib: int, mode: str,  # noqa: ANN001
    options: tuple[str, ...] = (),
) -> tuple[subprocess.CompletedProcess, Path, Path]:
    folder, out = site.published.parent / "mounted", site.published.parent / "out"
    folder.mkdir()
    out.mkdir()
    published = folder / "warehouse.duckdb"
    arguments = [str(folder), f"{size_kib}k", mode, str(site.published), str(out)]
    command = [*cli, "run", "--raw-dir", str(site.raw_dir), "--warehouse", str(published), *options]
    done = subprocess.run(
        [*mount_namespace, "sh", "-c", IN_A_SMALL_FOLDER, "sh", *arguments, *command],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    return done, folder, out


def test_a_read_only_warehouse_folder_is_named_as_such(
    site, mount_namespace: list[str], cli: list[str], cli_env: dict[str, str], fingerprint  # noqa: ANN001
) -> None:
    size_kib = site.published.stat().st_size // 1024 + 1024
    done, folder, out = _refresh_in_small_folder(site, mount_namespace, cli, cli_env, size_kib=size_kib, mode="ro")

    assert done.returncode == 1, done.stderr[-3000:]
    deliveries, log, *rest = done.stdout.splitlines(keepends=True)
    assert deliveries.endswith(f" files in {site.raw_dir}\n")
    # The folder cannot take the run's log either: it goes to the temp folder.
    assert log.startswith(f"full log: {tempfile.gettempdir()}/helpdesk-metrics-refresh-")
    assert "".join(rest) == (
        f"error: the warehouse folder {folder} is not writable (Read-only file system: "
        f"{folder}/warehouse.refresh.lock): a refresh writes its lock, its working copy and the history of "
        "published warehouses there\n"
        f"refresh failed: not published, {folder}/warehouse.duckdb still holds the previous warehouse; "
        "see the reasons above\n"
    )
    assert fingerprint(out / "warehouse.duckdb") == site.baseline


def test_a_full_disk_fails_the_refresh_with_what_to_do_and_keeps_the_published_warehouse(
    site, mount_namespace: list[str], cli: list[str], cli_env: dict[str, str], fingerprint  # noqa: ANN001
) -> None:
    # Room for the published warehouse and one MiB more: a full rebuild's working copy, which starts
    # empty, runs out during the ingest.
    size_kib = site.published.stat().st_size // 1024 + 1024
    done, folder, out = _refresh_in_small_folder(
        site, mount_namespace, cli, cli_env, size_kib=size_kib, mode="rw", options=("--full-refresh",)
    )

    assert done.returncode == 1, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    errors = [line for line in lines if line.startswith("error: ")]
    assert errors and all("No space left on device" in line for line in errors)
    assert f"disk full: {disk_full_message(folder)}" in lines
    assert lines[-1] == (
        f"refresh failed: not published, {folder}/warehouse.duckdb still holds the previous warehouse; "
        "see the reasons above"
    )
    assert fingerprint(out / "warehouse.duckdb") == site.baseline
    # What the failed run left: its lock released, its working copy (and its log, if it had begun one)
    # kept until the next run, and the folder of the refresh logs.
    left = set((out / "listing").read_text().split()) - {"warehouse.building.duckdb.wal"}
    assert left == {"warehouse.building.duckdb", "warehouse.duckdb", "logs"}
