"""Users, roles and their data scopes."""
