"""Language-model clients (OpenAI or local) and the features built on them."""
