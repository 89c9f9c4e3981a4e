"""Reporters: each takes check results and writes one format."""
