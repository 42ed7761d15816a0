"""Screen a dataset too big for one machine: numcheck's column answers inside Dask, partition by partition.

numcheck has no scheduler of its own. `numcheck.enrich_table` answers one column of numbers at
column speed; Dask's `map_partitions` hands it each partition wherever the cluster runs it.
This script runs on a local cluster of one (the same code runs unchanged on a multi-machine
cluster: only the Client's address changes).

    python examples/dask_enrich.py IN_DIR OUT_DIR [--lang zh]

IN_DIR holds Parquet files with a ``number`` column; OUT_DIR receives the answers as Parquet (their columns are
numcheck's stable codes, as its CSV's are). The line printed at the end is in numcheck's language: --lang, else
NUMCHECK_LANG, the config file, the locale.
"""

from __future__ import annotations

import functools
import sys

import dask.dataframe as dd
import pandas as pd
from dask.distributed import Client, LocalCluster

import numcheck


def enrich_partition(partition: pd.DataFrame) -> pd.DataFrame:
    """One partition's numbers in, numcheck's answers out (one row each, in order)."""
    answers = numcheck.enrich_table(partition["number"]).to_pandas()
    answers.index = partition.index
    return answers


def screen(source: str, target: str) -> int:
    """Enrich every number under ``source`` into ``target``; returns how many rows were written."""
    numbers = dd.read_parquet(source, columns=["number"])
    # Dask needs the output's columns before it runs anything: one tiny call gives them.
    meta = enrich_partition(pd.DataFrame({"number": pd.Series(["13800138000"], dtype="string")})).iloc[:0]
    answers = numbers.map_partitions(enrich_partition, meta=meta)
    answers.to_parquet(target, write_index=False)
    return int(dd.read_parquet(target, columns=["e164"]).shape[0].compute())


def main(argv: list[str]) -> int:
    # The help speaks the reader's language too, so it is known before the arguments are parsed.
    lang = numcheck.argv_language(argv)
    said = functools.partial(numcheck.sentence, lang)
    parser = numcheck.argument_parser(lang, description=said("example.help.dask"))
    parser.add_argument("source", metavar="IN_DIR", help=said("example.help.dask.source"))
    parser.add_argument("target", metavar="OUT_DIR", help=said("example.help.dask.target"))
    parser.add_argument("--lang", choices=("en", "zh"), help=said("example.help.lang"))
    args = parser.parse_args(argv)
    lang = numcheck.reader_language(args.lang)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, Client(cluster):
        written = screen(args.source, args.target)
    print(numcheck.sentence(lang, "example.dask.done", count=written, target=args.target))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
