"""arq workers and their job functions (in-process when no Redis is configured)."""
