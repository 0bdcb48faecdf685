"""The Flask publisher of the graph (SPARQL, dumps, linked-data pages): see issue 6."""
