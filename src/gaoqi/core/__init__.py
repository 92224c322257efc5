"""Shared foundations: base models, data scopes, audit, generic views, jobs."""
