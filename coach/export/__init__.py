"""Reports and sessions as JSON (for scripts) and markdown (for people)."""
