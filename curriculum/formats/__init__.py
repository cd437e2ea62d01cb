"""Output formats beside the pack itself, one module a format."""
