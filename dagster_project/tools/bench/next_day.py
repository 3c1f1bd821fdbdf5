"""The bench's one-day delivery: what a helpdesk's daily incremental export of the account would hold.

A daily export re-delivers every record that changed in the last day. Here that is each row of the account
whose own time falls in its last 24 hours: tickets created or updated then, and that day's messages, events
and ratings, copied byte for byte into a second delivery that sorts after the first. The marts do not change;
the refresh still has to load those files and recompute every ticket they touch.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from dagster_project.tools.bench.cache import DELIVERY
from dagster_project.warehouse import connect

NEXT_DAY_DELIVERY = f"{DELIVERY}-next-day"

# The column that says when each row last changed, per export file.
_CHANGED_AT = {
    "tickets.csv": "coalesce(try_cast(updated_at as timestamptz), try_cast(created_at as timestamptz))",
    "messages.csv": "try_cast(created_at as timestamptz)",
    "ticket_events.csv": "try_cast(occurred_at as timestamptz)",
    "satisfaction_ratings.csv": "try_cast(rated_at as timestamptz)",
}


def next_day_account(account_dir: Path, out_dir: Path) -> dict[str, int]:
    """`out_dir` as a raw dir holding the account's delivery (a link to it, so its files are the ones the
    full refresh loaded) and the one-day delivery after it; the rows written per file."""
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    (out_dir / DELIVERY).symlink_to((account_dir / DELIVERY).resolve(), target_is_directory=True)
    day = out_dir / NEXT_DAY_DELIVERY
    day.mkdir()
    written = {}
    with connect(":memory:") as con:
        for name, changed_at in _CHANGED_AT.items():
            source = str(account_dir / DELIVERY / name)
            # Every column as text: the rows are copied, not re-typed.
            con.execute(
                "create or replace temp table rows as select * from read_csv(?, header = true, all_varchar = true)",
                [source],
            )
            con.execute(
                f"create or replace temp table day as select * from rows where {changed_at} >= "
                f"(select max({changed_at}) from rows) - interval 1 day"
            )
            con.execute("copy day to ? (header true)", [str(day / name)])
            written[name] = con.execute("select count(*) from day").fetchall()[0][0]
    return written
