"""Plumbing every layer may use: safe file writes, signed cache files, text made
printable, byte positions, time formatting.

Imports nothing of coach but `errors` and `paths`.
"""
