"""Oversight: reports stored, reviewed, compared, exported."""
