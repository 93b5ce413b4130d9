"""Tables and engines: the relational store and the vector store."""
