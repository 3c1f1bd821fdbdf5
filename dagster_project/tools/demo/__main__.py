"""`python -m dagster_project.tools.demo --out data/raw/demo --tickets 20000 --seed 42`: write a demo delivery."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from dagster_project.tools.demo.generate import DEFAULT_END, generate_delivery


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m dagster_project.tools.demo",
        description="Write a deterministic demo helpdesk delivery in the canonical export format.",
    )
    parser.add_argument("--out", type=Path, required=True, help="delivery folder to write, e.g. data/raw/demo")
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument("--days", type=int, default=90, help="tickets are created over this many days before --end")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--end",
        type=datetime.fromisoformat,
        default=DEFAULT_END,
        help="ISO 8601 instant with an offset, e.g. 2026-09-30T00:00Z",
    )
    parser.add_argument("--format", choices=("csv", "parquet"), default="csv")
    parser.add_argument("--no-bad-rows", action="store_true", help="leave out the rows the ingest must quarantine")
    args = parser.parse_args(argv)
    if args.end.utcoffset() is None:
        parser.error(f"--end needs a UTC offset, e.g. 2026-09-30T00:00Z, got {args.end.isoformat()}")
    counts = generate_delivery(
        args.out,
        tickets=args.tickets,
        days=args.days,
        seed=args.seed,
        end=args.end,
        file_format=args.format,
        bad_rows=not args.no_bad_rows,
    )
    for table, rows in counts.items():
        print(f"{table:<22}{rows:>12,}")


if __name__ == "__main__":
    main()
