"""fundtracker: a desktop grant and funding tracker."""

__version__ = "0.1.0"
