"""Validation of a pack's YAML, one module per part of a pack; every problem is collected."""
