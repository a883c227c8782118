-- Every raw row that did not reach staging, with the reason: nothing is dropped
-- without a trace. Reconciled against the raw counts in audit_source_reconciliation.
{%- set sources = [
    ('crm', 'contacts', 'base_crm__contacts', 'contact_id', 'contact_id'),
    ('crm', 'companies', 'base_crm__companies', 'company_id', 'null'),
    ('crm', 'deals', 'base_crm__deals', 'deal_id', 'contact_id'),
    ('marketing', 'activities', 'base_marketing__activities', 'activity_id', 'contact_id'),
    ('marketing', 'campaign_spend', 'base_marketing__campaign_spends', 'spend_record_id', 'null'),
] %}

with

{% for source_name, table_name, base_model, id_column, contact_column in sources %}
{{ table_name }} as (

    select
        '{{ source_name }}' as source_name,
        '{{ table_name }}' as source_table,
        {{ id_column }} as record_id,
        cast({{ contact_column }} as {{ dbt.type_string() }}) as contact_id,
        quarantine_reason
    from {{ ref(base_model) }}
    where quarantine_reason is not null

),
{% endfor %}

final as (
    {%- for source_name, table_name, base_model, id_column, contact_column in sources %}
    select * from {{ table_name }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

)

select * from final
