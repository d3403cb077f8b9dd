"""The gate: configuration files, suppression comments and the baseline, which decide what a scan reports."""
