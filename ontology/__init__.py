"""The budget ontology (budget.ttl), shipped as package data; load it with budgetlod.resources."""
