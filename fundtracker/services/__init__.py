"""Use cases: reading workspaces and changing records with validation and audit."""
