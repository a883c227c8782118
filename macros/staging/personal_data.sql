{#- Personal data typed into free text (a job title "CEO, jane@acme.com, +1 555 123
    4567"): what it looks like, by kind. A phone number is nine digits or more with
    only spaces, dots, dashes and brackets between them; a value that is just a number
    (a budget in a custom column) is never taken for one. -#}
{% macro personal_data_patterns() %}
    {{- return({
        'email_address': '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+([.][A-Za-z0-9-]+)*[.][A-Za-z]{2,}',
        'phone_number': '[+]?[0-9]([ ().-]*[0-9]){8,}',
    }) -}}
{% endmacro %}

{#- The custom contact columns that are personal data by name: carried unmasked to
    the restricted routing model only (sales needs them), never to a BI mart. -#}
{% macro personal_contact_columns() %}
    {{- return(['first_name', 'last_name', 'phone']) -}}
{% endmacro %}

{#- The free-text columns of a raw table that BI may read and so are masked: the
    contact's job title and department, and every custom column of either table
    except the contact's personal ones. -#}
{% macro raw_free_text_columns(table_name, extra_columns) %}
    {%- set fixed = {'contacts': ['job_title', 'department'], 'companies': []}[table_name] -%}
    {%- set personal = lead_scoring.personal_contact_columns() if table_name == 'contacts' else [] -%}
    {{- return(fixed + extra_columns | reject('in', personal) | list) -}}
{% endmacro %}

{#- Whether text holds personal data of a kind (a key of personal_data_patterns). -#}
{% macro holds_personal_data(text, kind) %}
    (
        {{ lead_scoring.matches_pattern(text, lead_scoring.personal_data_patterns()[kind]) }}
        and not {{ lead_scoring.matches_pattern(text, lead_scoring.value_rules()['number_pattern']) }}
    )
{%- endmacro %}

{#- Text with every email address and phone number in it replaced by a marker. -#}
{% macro mask_personal_data(text) %}
    {%- set patterns = lead_scoring.personal_data_patterns() -%}
    case
        when {{ lead_scoring.matches_pattern(text, lead_scoring.value_rules()['number_pattern']) }} then {{ text }}
        else {{ lead_scoring.replace_pattern(
            lead_scoring.replace_pattern(text, patterns['email_address'], '[email]'),
            patterns['phone_number'], '[phone]'
        ) }}
    end
{%- endmacro %}

{#- Every match of a regular expression replaced. -#}
{% macro replace_pattern(expression, pattern, replacement) %}
    {{- return(adapter.dispatch('replace_pattern', 'lead_scoring')(expression, pattern, replacement)) -}}
{% endmacro %}

{% macro default__replace_pattern(expression, pattern, replacement) %}
    regexp_replace({{ expression }}, {{ lead_scoring.sql_string(pattern) }}, {{ lead_scoring.sql_string(replacement) }}, 'g')
{%- endmacro %}

{% macro spark__replace_pattern(expression, pattern, replacement) %}
    regexp_replace({{ expression }}, {{ lead_scoring.sql_string(pattern) }}, {{ lead_scoring.sql_string(replacement) }})
{%- endmacro %}
