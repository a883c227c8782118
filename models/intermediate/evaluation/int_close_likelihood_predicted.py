# Likelihood to close within the evaluation horizon, for every contact scored at the
# current score date. The features, training and leakage rules live in
# leadscore.evaluation.predictive (unit tested there); this model only hands it the warehouse
# relations and the vars.


def model(dbt, session):
    dbt.config(materialized="table")
    from leadscore.evaluation.predictive import Inputs, Settings, predict_close_likelihood

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
    return predict_close_likelihood(inputs, settings)
