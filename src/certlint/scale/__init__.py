"""Scale: worker processes, record-corpus batches, Dask, checkpoints and the compiled-linter cache."""
