-- When more than var quarantine_error_share (default 10%) of a raw table is
-- quarantined, the export is broken, not messy: scoring on what is left would hide
-- it, so the build fails and lists the table.
select *
from {{ ref('audit_source_reconciliation') }}
where quarantined_share > {{ var('quarantine_error_share', 0.10) | float }}
