"""Terminal rendering (rich) and prompts (questionary)."""
