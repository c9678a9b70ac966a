"""leadscore: readable lead scoring and qualification."""

__version__ = "0.1.0"
