"""Agencies and their hierarchy; user roles per agency or jurisdiction."""
