"""actueel: manage the articles of a website's news section from the command line."""

__version__ = "0.1.0"
