"""The command line: a thin face of the facade, rendered with Rich."""
