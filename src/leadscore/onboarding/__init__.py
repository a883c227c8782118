"""Onboarding own data: what the warehouse will make of a raw directory (`check-raw`)."""
