"""Rule packs: the model, loading and validating YAML packs, the catalogue and registries, and the examples self-test."""
