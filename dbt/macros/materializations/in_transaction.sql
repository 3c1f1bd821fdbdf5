{#- Whether a model has hooks that run inside its transaction (every hook, unless configured otherwise): then
    its statement runs in that transaction and commits with them, as dbt's materializations do; without such
    hooks the one statement commits by itself, and the `begin` and `commit` round trips are saved. -#}
{% macro in_transaction(pre_hooks, post_hooks) -%}
    {{ return((pre_hooks + post_hooks) | selectattr("transaction") | list | length > 0) }}
{%- endmacro %}
