"""Tests of issue 9: lineage, implementers' guides, per-edition records, identity, 404s."""
