"""A YAML loader with YAML 1.2 booleans: only true/false, so `NO` (Norway) stays text."""

from __future__ import annotations

import re

import yaml


class StrictBoolLoader(yaml.SafeLoader):
    """SafeLoader, except yes/no/on/off/y/n are strings, as YAML 1.2 says."""


StrictBoolLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictBoolLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
