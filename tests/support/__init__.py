"""Helpers that tests import: kept out of conftest files, which pytest alone should load."""
