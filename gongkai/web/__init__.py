"""The Django project: oversight (many agencies' reports), the request desk, and the JSON API.

The core (spec, readers, extract, checks, render) never imports from here."""
