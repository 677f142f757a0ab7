"""Policies: the setting, roles, register and the policies themselves, and their pages."""
