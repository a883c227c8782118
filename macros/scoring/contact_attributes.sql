{#- The attributes fit rules can name, as (attribute, column) pairs of
    int_contacts_enriched. A contact column keeps its name; a company column is
    `company_<name>` and, when the contact has no column of that name, `<name>` too
    (DESIGN.md: a name on both tables means the contact's). Built from the columns
    the relation really has, so custom raw columns become attributes with no code
    change, and no seed value is ever rendered into SQL. -#}
{% macro contact_attribute_columns(relation) %}
    {%- if not execute -%}
        {{- return([]) -}}
    {%- endif -%}
    {%- set names = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
    {%- set contact_columns = [] -%}
    {%- set company_columns = [] -%}
    {%- for name in names if name != 'contact_id' -%}
        {#- company_id is the contact's own column; other company_ columns are the company's -#}
        {%- if name.startswith('company_') and name != 'company_id' -%}
            {%- do company_columns.append(name) -%}
        {%- else -%}
            {%- do contact_columns.append(name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set pairs = [] -%}
    {%- for name in contact_columns -%}
        {%- do pairs.append((name, name)) -%}
    {%- endfor -%}
    {%- for name in company_columns -%}
        {%- do pairs.append((name, name)) -%}
        {%- if name[8:] not in contact_columns -%}
            {%- do pairs.append((name[8:], name)) -%}
        {%- endif -%}
    {%- endfor -%}
    {{- return(pairs) -}}
{% endmacro %}

{#- The (attribute, column) pairs of contact_attribute_columns that a fit rule of the
    computed models names: unpivoting only those keeps the fit step small. The rules'
    attribute names are only compared with the relation's real column names, never
    written into the SQL. -#}
{% macro rule_attribute_columns(relation, fit_rules) %}
    {%- if not execute -%}
        {{- return([]) -}}
    {%- endif -%}
    {%- set named = run_query('select distinct attribute from ' ~ fit_rules ~ ' where attribute is not null').columns[0].values() | list -%}
    {%- set pairs = [] -%}
    {%- for attribute, column in lead_scoring.contact_attribute_columns(relation) if attribute in named -%}
        {%- do pairs.append((attribute, column)) -%}
    {%- endfor -%}
    {{- return(pairs) -}}
{% endmacro %}
