"""Scenarios, maps and parameter declarations, read and checked from their files."""
