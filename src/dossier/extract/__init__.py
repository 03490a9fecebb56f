"""Per-article extraction stages. Each module registers one stage with `pipeline.stage`."""
