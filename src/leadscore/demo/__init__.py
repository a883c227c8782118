"""Demo data: a seeded generator of raw CRM and marketing files (`leadscore generate`)."""
