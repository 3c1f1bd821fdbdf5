"""Bad input that loads and is normalised in dbt staging: an unknown channel becomes 'other', the delivered
value stays in channel_raw, and of a key delivered twice staging keeps the latest delivery's row.

The staging model is rendered with plain Jinja (its macros are plain Jinja too) and run on the loaded raw
table, which takes milliseconds where a dbt invocation takes many seconds; a macro or dbt function the
model starts to use without being provided here makes rendering fail loudly."""

from __future__ import annotations

import jinja2

from dagster_project.ingest import load_table
from dagster_project.settings import DBT_PROJECT_DIR

MACRO_FILES = ("latest_delivery_only.sql", "normalize_channel.sql")


def _render_staging_model(name: str) -> str:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    macros = {}
    for file_name in MACRO_FILES:
        module = env.from_string((DBT_PROJECT_DIR / "macros" / file_name).read_text()).module
        macros.update({macro: getattr(module, macro) for macro in dir(module) if not macro.startswith("_")})
    model = (DBT_PROJECT_DIR / "models" / "staging" / "helpdesk" / f"{name}.sql").read_text()
    return env.from_string(model).render(source=lambda _source, table: f'raw."{table}"', **macros)


def test_unknown_channel_is_other_in_staging_and_latest_delivery_wins(con, raw_dir, deliver):
    header = "ticket_id,created_at,channel,status"
    deliver("2024-05-01", "tickets.csv", header, "T1,1709254800,Fax machine,new", "T2,1709254800,E-Mail,new")
    deliver("2024-05-02", "tickets.csv", header, "T2,1709254800,E-Mail,solved")
    load_table(con, raw_dir, "tickets")
    staged = _render_staging_model("stg_helpdesk__tickets")
    assert con.execute(
        f"SELECT ticket_id, channel, channel_raw, status, _delivery FROM ({staged}) ORDER BY ticket_id"
    ).fetchall() == [
        ("T1", "other", "Fax machine", "new", "2024-05-01"),
        ("T2", "email", "E-Mail", "solved", "2024-05-02"),
    ]
