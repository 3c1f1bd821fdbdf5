{#- Every column of the FROM with `old` renamed to `new`. On Spark the renamed column moves to the end. -#}
{% macro star_rename(old, new) -%}
    {{ return(adapter.dispatch('star_rename', 'helpdesk_metrics')(old, new)) }}
{%- endmacro %}

{% macro default__star_rename(old, new) -%}
* rename ({{ old }} as {{ new }})
{%- endmacro %}

{% macro spark__star_rename(old, new) -%}
* except ({{ old }}), {{ old }} as {{ new }}
{%- endmacro %}
