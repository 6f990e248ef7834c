"""The project app's own model: the publication generation behind the public cache."""

from factcheck.base.publication import PublicationGeneration

__all__ = ["PublicationGeneration"]
