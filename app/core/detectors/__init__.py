"""Learned coaching detectors: a sentence encoder (all-MiniLM-L6-v2 in numpy) and small trained heads."""
