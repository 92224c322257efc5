"""Rule families, each written once as Polars expressions over the evaluation frame."""
