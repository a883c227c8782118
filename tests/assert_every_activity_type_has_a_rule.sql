-- DESIGN.md: an activity type with no rule is not an error in itself, but it is
-- reported. Hence a warning (severity warn, on purpose), listing the types in
-- audit_unscored_activity_types; add a rule (even 0 points) to silence it.
{{ config(severity='warn') }}

select * from {{ ref('audit_unscored_activity_types') }}
