{#- Whether a grade band (a row of int_grade_bands_ranged) covers a score: the band
    with the highest min_score not above the score, or the lowest band when the score
    is below every band (DESIGN.md). Used as a join condition. -#}
{% macro grade_band_covers(band, score) %}
    (
        ({{ band }}.is_lowest_band or {{ score }} >= {{ band }}.min_score)
        and ({{ band }}.next_min_score is null or {{ score }} < {{ band }}.next_min_score)
    )
{%- endmacro %}
