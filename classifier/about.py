"""botoport's own version, the one stamped on cache entries and reports."""

__version__ = "0.4.0"
