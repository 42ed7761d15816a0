"""Bulk work: many numbers at once, offline, with the per-number path's exact answers.

* `numcheck.bulk.blocks`: the block table, one answer per 7-digit block of Chinese mobile numbers, built once
  per install and data version (`numcheck.bulk.build`) and memory-mapped from a cache file (`numcheck.bulk.cachefile`).
* `numcheck.bulk.fold`: written-out forms (spaces, dashes, +86, full width ...) and typos read a column at a time.
* `numcheck.bulk.many`: `enrich_many`, a stream of numbers one at a time.
* `numcheck.bulk.table`: `enrich_table`, a whole column as an Arrow table.
* `numcheck.bulk.rows`: the offline CSV and JSON Lines batch writer of the command line.
* `numcheck.bulk.seen`: the duplicate index of a batch (memory, then sorted runs on disk behind a bit filter).

Everything here sits above the per-number layers (numbers, offline facts, checkers, engine, render) and
below the faces (command line, web server). `tests/bulk/` holds each output equal to the per-number path's.
"""
