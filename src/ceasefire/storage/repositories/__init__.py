"""Repositories: read and write domain objects through the Core tables; they never commit."""
