"""Inputs: which files to scan (discovery), how each becomes a Document (reading, readers), and record corpora."""
