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
