{#- The columns DESIGN.md requires of each raw table. -#}
{% macro raw_required_columns(table_name) %}
    {%- set required = {
        'contacts': ['contact_id', 'email', 'job_title', 'seniority', 'department', 'country', 'company_id', 'lead_source', 'lifecycle_stage', 'created_at', 'updated_at', 'is_deleted'],
        'companies': ['company_id', 'name', 'domain', 'industry', 'employee_count', 'annual_revenue', 'country', 'created_at'],
        'activities': ['activity_id', 'contact_id', 'activity_type', 'occurred_at', 'page_url', 'campaign_id', 'source_system'],
        'deals': ['deal_id', 'contact_id', 'company_id', 'created_at', 'closed_at', 'stage', 'is_won', 'amount'],
    } -%}
    {{- return(required[table_name]) -}}
{% endmacro %}

{#- The columns a raw table has beyond the required ones (a user's custom fields).
    Fails with the table and column named when a required column is missing, which
    is clearer than the binder error the staging model would otherwise hit. -#}
{% macro raw_extra_columns(relation, table_name) %}
    {%- if not execute -%}
        {{- return([]) -}}
    {%- endif -%}
    {%- set present = dbt.get_columns_in_query('select * from ' ~ relation) | map('lower') | list -%}
    {%- set required = lead_scoring.raw_required_columns(table_name) -%}
    {%- set missing = required | reject('in', present) | list -%}
    {%- if missing -%}
        {{ exceptions.raise_compiler_error(
            "Raw table '" ~ table_name ~ "' (" ~ relation ~ ") is missing required column(s): "
            ~ missing | join(', ') ~ ". Required: " ~ required | join(', ')
        ) }}
    {%- endif -%}
    {#- Derived staging columns take precedence over a raw column of the same name. -#}
    {%- set reserved = required + ['email_domain', 'quarantine_reason', 'duplicate_rank'] -%}
    {{- return(present | reject('in', reserved) | list) -}}
{% endmacro %}
