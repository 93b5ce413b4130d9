"""The `mall` command line."""
