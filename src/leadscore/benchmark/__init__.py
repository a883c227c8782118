"""The scoring-core benchmark: timed dbt builds against a plain reference query."""
