"""Helpers that tests import: servers, worlds and clients shared by several test modules.

Fixtures stay in the conftest.py files; what they and the tests call lives here, so no test module
imports another test module or a conftest.
"""
