"""The demo district: a deterministic, realistic generated district and the one-command start."""
