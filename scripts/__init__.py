"""Command-line tools for editors and benchmarks; run them as `python scripts/<name>.py`."""
