"""Reference tables: towns, GB/T 4754-2017 industries, high-tech fields, local segments."""
