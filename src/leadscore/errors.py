"""The one error family every face (CLI, API) turns into a clear message.

Lives at the top of the package so every layer may raise it without importing upward.
"""


class LeadscoreError(Exception):
    """Bad input or an impossible request, reported to the user as one line."""


class NotFoundError(LeadscoreError):
    """A lead, model version or other record that was asked for does not exist."""


class UnknownChoiceError(LeadscoreError):
    """A value outside what the active model defines for `field` (a tier, a grade), so
    each face can point at the field it came from (an API query parameter, a CLI flag)."""

    def __init__(self, field: str, value: str, choices: list[str]) -> None:
        super().__init__(f"unknown {field} {value!r}; the active model has {', '.join(choices)}")
        self.field = field
