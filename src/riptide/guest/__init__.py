"""The componentize-py entry point. See ``app.py``; this package is built, never imported by the host."""
