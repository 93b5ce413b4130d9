"""The Starlette application: settings, auth, per-request context, GraphQL router, health, media."""
