"""Offline intelligence: facts numcheck knows about a number without asking anyone."""
