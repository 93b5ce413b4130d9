"""Job functions, one module per domain; workers/registry.py lists the kinds."""
