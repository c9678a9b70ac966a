"""The scoring-model file: YAML validated by pydantic, errors that point at file:line:key."""

from leadscore.spec.errors import SpecError, SpecIssue
from leadscore.spec.loader import load_spec, load_spec_text
from leadscore.spec.model import (
    AttributeTest,
    EngagementGroup,
    EngagementRule,
    FitGroup,
    FitRule,
    Lifecycle,
    ScoringModel,
    Signal,
    Test,
)
from leadscore.spec.template import DEFAULT_TEMPLATE, template_path, template_text

__all__ = [
    "DEFAULT_TEMPLATE",
    "AttributeTest",
    "EngagementGroup",
    "EngagementRule",
    "FitGroup",
    "FitRule",
    "Lifecycle",
    "ScoringModel",
    "Signal",
    "SpecError",
    "SpecIssue",
    "Test",
    "load_spec",
    "load_spec_text",
    "template_path",
    "template_text",
]
