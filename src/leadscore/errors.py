"""The one error family every face (CLI, API) turns into a clear message.

Lives at the top of the package so every layer may raise it without importing upward.
"""


class LeadscoreError(Exception):
    """Bad input or an impossible request, reported to the user as one line."""


class NotFoundError(LeadscoreError):
    """A lead, model version or other record that was asked for does not exist."""
