"""The GraphQL schema: one module per domain, merged into the root Query and Mutation."""
