"""Exporters: reports back out as ACLED, UCDP GED, CSV, GeoJSON, GeoPackage and GeoParquet."""
