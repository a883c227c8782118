# Honest time-based holdout of the likelihood-to-close model against the rule score:
# test on the latest evaluable score date, train on the dates whose outcome horizon had
# ended by then. The split and the metrics live in leadscore.predictive (unit tested).


def model(dbt, session):
    dbt.config(materialized="table")
    from leadscore.predictive import Inputs, Settings, evaluate_holdout

    settings = Settings.from_meta(dbt.config.get("meta"))
    inputs = Inputs.from_relations(
        outcomes=dbt.ref("int_lead_outcomes_observed"),
        scores=dbt.ref("int_lead_scores_graded"),
        contributions=dbt.ref("int_score_contributions_composited"),
        contacts=dbt.ref("int_contacts_enriched"),
        deals=dbt.ref("stg_crm__deals"),
        score_dates=dbt.ref("int_score_dates"),
        model_id=settings.model_id,
    )
    return evaluate_holdout(inputs, settings)
