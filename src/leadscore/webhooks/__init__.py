"""Webhooks, the pure part: Standard Webhooks signing, the retry policy, and which
notifications a change of a lead's card gives. No I/O here; `dispatch/` delivers."""
