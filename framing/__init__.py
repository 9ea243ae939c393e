"""framing: media-framing and bias analysis."""

__version__ = "0.1.0"
