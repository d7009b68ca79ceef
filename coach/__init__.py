"""coach: a terminal coach for machine-learning system design interviews."""

__version__ = "0.1.0"
__all__ = ["__version__"]
