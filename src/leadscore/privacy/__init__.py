"""Privacy requests: export, erasure with suppression, objection, and the audit log."""
