"""What a policy is, and where policies come from (built-in, entry points, files)."""
