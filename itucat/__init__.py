"""Tie the catalogue together: one configuration, exit codes and the `itucat` command line."""
