"""`make docs`: the dbt docs site (lineage, every model and column documented) as static files beside the
warehouse, one self-contained static_index.html among them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from dagster_project import settings
from dagster_project.defs.dbt_project import DBT_EXECUTABLE


def docs_dir(warehouse_path: Path) -> Path:
    return warehouse_path.parent / "docs"


def generate(warehouse_path: Path) -> Path:
    """Run `dbt docs generate --static` against a copy of the published warehouse (dbt opens its database for
    writing, and the published file is only ever replaced whole) and return the static page."""
    if not warehouse_path.exists():
        raise SystemExit(f"no warehouse at {warehouse_path}: run `make run` first (the catalog is read from it)")
    target = docs_dir(warehouse_path)
    with tempfile.TemporaryDirectory(prefix="dbt-docs-", dir=warehouse_path.parent) as scratch:
        copy = Path(scratch) / "warehouse.duckdb"
        shutil.copyfile(warehouse_path, copy)
        command = [
            DBT_EXECUTABLE,
            "docs",
            "generate",
            "--static",
            "--project-dir",
            str(settings.DBT_PROJECT_DIR),
            "--profiles-dir",
            str(settings.DBT_PROJECT_DIR),
            "--target-path",
            str(target),
            "--vars",
            json.dumps({"warehouse_path": str(copy)}),
            "--quiet",
        ]
        subprocess.run(command, check=True, cwd=settings.DBT_PROJECT_DIR)
    return target / "static_index.html"


def main() -> None:
    page = generate(settings.warehouse_path().resolve())
    print(f"dbt docs: {page}")


if __name__ == "__main__":
    sys.exit(main())
