"""Pure domain model: data classes, vocabularies and rules; no I/O, no frameworks."""
