"""Tooling for the open lead-scoring warehouse."""

__version__ = "0.1.0"
