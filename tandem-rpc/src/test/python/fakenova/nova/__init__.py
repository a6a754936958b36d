"""A stand-in for Nova's package in Tandem's interop tests: only the exception module exists."""
