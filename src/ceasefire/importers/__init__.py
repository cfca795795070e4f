"""Importers: ACLED, UCDP GED, mapped CSV and GeoJSON files into reports, streamed and atomic."""
