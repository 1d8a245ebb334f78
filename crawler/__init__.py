"""Harvest ITU-T output metadata from www.itu.int: fetch, archive, parse, pipeline, crawl."""
