"""budgetlod: Chinese government budget disclosures as linked open data."""

from budgetlod.version import __version__

__all__ = ["__version__"]
