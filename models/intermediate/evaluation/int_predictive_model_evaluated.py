# Rolling-origin evaluation of the likelihood-to-close model against the rule score,
# per population: each of the latest evaluable score dates is tested on, trained on the
# dates whose outcome horizon had ended by it. The splits and the metrics live in
# leadscore.evaluation.predictive (unit tested).


def model(dbt, session):
    dbt.config(materialized="table")
    from leadscore.evaluation.predictive import Inputs, Settings, evaluate_rolling_origin

    settings = Settings.from_meta(dbt.config.get("meta"))
    inputs = Inputs.from_relations(
        outcomes=dbt.ref("int_lead_outcomes_observed"),
        scores=dbt.ref("int_lead_scores_graded"),
        contributions=dbt.ref("int_score_contributions_composited"),
        contacts=dbt.ref("int_contacts_enriched"),
        activities=dbt.ref("int_lead_activity_features_counted"),
        populations=dbt.ref("int_lead_populations_assigned"),
        score_dates=dbt.ref("int_score_dates"),
        model_id=settings.model_id,
    )
    return evaluate_rolling_origin(inputs, settings)
