{#- The relation a model of this project built in an earlier run, or none when the warehouse lacks it.
    For reading the previous build's facts without making them upstream of this build. -#}
{% macro previous_build_relation(model_name) -%}
    {%- set node = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
        | selectattr('name', 'equalto', model_name) | first -%}
    {{ return(adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias)) }}
{%- endmacro %}
