"""The REST API (/api/v1/): published content for everyone, writes for staff with tokens.
Reads go through the public querysets and selectors; writes through the services."""
