-- A raw table whose quarantined share exceeds var quarantine_warn_share (default 1%)
-- is worth a look but does not stop the build: severity warn, on purpose. Above
-- quarantine_error_share the companion test fails the build.
{{ config(severity='warn') }}

select *
from {{ ref('audit_source_reconciliation') }}
where quarantined_share + rejected_value_share > {{ var('quarantine_warn_share', 0.01) | float }}
