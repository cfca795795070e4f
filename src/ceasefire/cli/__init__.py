"""Command-line interface (Typer + Rich): parses input, calls services, renders output."""
