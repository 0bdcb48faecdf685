"""SHACL shapes (*.ttl), shipped as package data; load them with budgetlod.resources."""
