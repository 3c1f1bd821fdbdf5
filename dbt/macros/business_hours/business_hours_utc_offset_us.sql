{#- The UTC offset of a time zone at an instant, in microseconds (local wall clock minus UTC). -#}
{% macro business_hours_utc_offset_us(timezone, at_us) %}({{ epoch_us(local_timestamp(timezone, timestamptz_from_epoch_us(at_us))) }} - ({{ at_us }})){% endmacro %}
