"""Root of the test suite: loads the shared fixtures as a plugin (see tests/fixtures.py)."""

pytest_plugins = ["tests.fixtures"]
