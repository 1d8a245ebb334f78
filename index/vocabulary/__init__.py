"""Vocabulary as data: the multilingual glossary, stop words and US/UK spelling variants."""
