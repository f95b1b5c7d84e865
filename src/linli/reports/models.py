"""Funded projects and their indicators (being built)."""
