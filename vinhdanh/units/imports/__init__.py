"""Loading administrative divisions and lineage from packaged data and CSV files."""
