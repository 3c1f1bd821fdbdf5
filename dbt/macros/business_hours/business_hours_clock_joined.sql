{#- The rows of `relation` with, per instant column c, c_business_us read from `clock` (a CTE of
    business_hours_clock or business_hours_ticket_clock: key, instant_at, business_us), joined back by
    equality once per column; `clock_key` is the clock's key column (schedule_id or ticket_id) and
    `key_column` the rows' column it matches. Shared by business_hours_clock_at and
    business_hours_ticket_clock_at. -#}
{% macro business_hours_clock_joined(relation, instant_columns, clock, clock_key, key_column) %}
select
    _bh_rows.*
    {%- for column in instant_columns %},
    _bh_clock_{{ loop.index }}.business_us as {{ adapter.quote(column ~ '_business_us') }}
    {%- endfor %}
from {{ relation }} as _bh_rows
{%- for column in instant_columns %}
left join {{ clock }} as _bh_clock_{{ loop.index }}
    on _bh_clock_{{ loop.index }}.{{ clock_key }} = _bh_rows.{{ adapter.quote(key_column) }}
    and _bh_clock_{{ loop.index }}.instant_at = cast(_bh_rows.{{ adapter.quote(column) }} as {{ type_timestamptz() }})
{%- endfor %}
{%- endmacro %}
