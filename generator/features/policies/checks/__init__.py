"""Checks of the policies, roles, register and setting."""
