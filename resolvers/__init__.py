"""Business rules, one module per domain: plain async functions over a session and typed arguments."""
