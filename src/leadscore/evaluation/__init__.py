"""Evidence the scores predict conversion: report, likelihood model, weight suggestions."""
