"""The English source of the command line's lines about its input and start-up: a file's encoding, a mistyped command,
a checker that could not load, a missing known-answers file, a busy port, an unreachable network, a failed recording.

Kept in a module of its own (registered in `numcheck.messages.catalog.MESSAGES` like the others) so that each file of
messages stays one kind of text.
"""

from __future__ import annotations

INPUTS: dict[str, str] = {
    # Reading the input (numcheck.inputs): a file that cannot be opened or has no such column, a line skipped.
    "inputs.cannot_read": "cannot read {path!q}: {error!q}",
    "inputs.no_column": "{source!q} has no column {column!r} (columns: {columns!q:words})",
    "inputs.no_columns": "{source!q} has no column {column!r} (its first line names none)",
    "inputs.column_from_one": "--column counts from 1, got {column}",
    "inputs.column_past_end.one": (
        "{source!q} has 1 column in its first row; --column {column} is past the last (columns count from 1, or give the header's name)"
    ),
    "inputs.column_past_end.many": (
        "{source!q} has {count} columns in its first row; --column {column} is past the last (columns count from 1, or "
        "give the header's name)"
    ),
    "inputs.no_such_encoding": "--encoding {name!q}: no such encoding (UTF-8 and GB18030 are the usual ones)",
    "inputs.not_ascii_encoding": (
        "--encoding {name!q}: numcheck reads UTF-16, UTF-32 and the encodings that write digits as ASCII does, not this one: "
        "save the file as UTF-8"
    ),
    "inputs.not_wide": (
        "{source!q} is not {encoding} text (a digit in it would hold a zero byte, and none does): leave out --encoding, "
        "or name the encoding the file is in"
    ),
    "inputs.binary": (
        "{source!q} is not a text file (its first bytes hold zero bytes, and are not UTF-16 or UTF-32 text): save the list "
        "from Excel or WPS as 'CSV UTF-8' or 'Unicode Text' and read that file"
    ),
    # The first line of a plain list (no --column) that is a column's title (手机号, phone), not a number.
    "inputs.header": "{source!q} line {line}: {text!q} holds no digit and reads as a column title; left out as a header",
    # numcheck serve's API refusing a history question (numcheck.serve.app).
    "serve.api.no_store": "this server keeps no history (--no-store)",
    "serve.api.fewer_than_two": "fewer than two stored checks of this number",
    # -o naming the very file the numbers are read from (numcheck.cli.batch).
    "output.is_input": "-o {path!q} is the file the numbers are read from: writing it would replace your list; choose another",
    "inputs.unreadable": "{source!q} line {line} (byte {byte}): {why}",
    "inputs.unreadable_csv": "{source!q} line {line}: {why}",
    "inputs.skipped": "{problem}; skipped",
    "inputs.more_skipped": "more unreadable lines are skipped without being named; the summary counts them",
    "inputs.why.too_long": "longer than {kb} KB ({size} bytes), not a line of phone numbers",
    "inputs.why.not_text": "not {encoding!q} text",
    "inputs.why.cut": "ends in half a {encoding} character (the file has an odd number of bytes: it was cut short or damaged)",
    "inputs.why.not_csv": "not readable as CSV ({error!q})",
    # Writing the output (numcheck.frontends.output, numcheck.cli.batch).
    "output.cannot_write": "cannot write {path!q}: {error!q}",
    "output.cannot_write_kept": "cannot write {path!q}: {error!q} (results so far are stored)",
    "output.cannot_write_stream": "cannot write the output: {error!q} (results so far are stored; re-run to resume)",
    "output.cannot_write_stream_offline": "cannot write the output: {error!q}",
    # --only or --exclude naming nothing installed (numcheck.registry.Registry.select).
    "registry.no_such_checker": "no such checker: {names!q:words} (see {command!q})",
    # A batch's input file (numcheck.inputs.Decoding), one line on stderr before the numbers.
    "inputs.encoding.detected": (
        "{source!q} is not UTF-8 text: read as {encoding} (as Excel saves a CSV on Chinese Windows); --encoding NAME reads it as another"
    ),
    "inputs.encoding.neither": (
        "{source!q} is neither UTF-8 nor GB18030 text, so its lines that are not UTF-8 are skipped: save it again as UTF-8 "
        "(Excel: Save As, 'CSV UTF-8'; or iconv -f ENCODING -t UTF-8 FILE > new.csv), or name its encoding with --encoding"
    ),
    "inputs.encoding.wide": (
        "{source!q} has no byte-order mark but is {encoding} text (a zero byte beside each digit): read as such; "
        "--encoding NAME reads it as another"
    ),
    "inputs.encoding.mixed": (
        "{source!q} mixes UTF-8 lines with lines in another encoding; those are skipped: save the whole file again as UTF-8"
    ),
    "help.option.encoding": (
        "the encoding of --file and stdin (default: UTF-8, or GB18030 when the text is not UTF-8 and is GB18030; UTF-16, "
        "as Excel's Unicode Text, is found by itself, with or without a byte-order mark)"
    ),
    # A first argument that is no number and close to a command's name (numcheck.cli.typo).
    "cli.unknown_command": "unknown command {word!q}: did you mean {name!q}? (nothing was checked; numcheck --help lists the commands)",
    # A part of the batch summary (numcheck.cli.tally): numbers whose every online check failed before sending.
    "tally.unreachable.all": "the network was unreachable: no online service could be asked and nothing was sent; run again when online",
    "tally.unreachable.some": "the network was unreachable for {count}: nothing was sent for them",
    # --only naming a plugin or manifest that could not load (numcheck.cli.inputs.named_broken).
    "cli.only_broken": "checker {name!q} could not be loaded, so it cannot run: {source!q}: {error!q} (numcheck checkers lists it)",
    # numcheck doctor without a known-answers file (numcheck.cli.doctor).
    # numcheck serve (numcheck.serve.command), before anything is announced.
    "help.serve.epilog": (
        "Exit codes: 0 or 130 stopped (Ctrl-C, SIGTERM), 2 unsafe or impossible options, a port already in use, or the web "
        "extra missing (one line on stderr, and no address printed), 3 the server failed while starting."
    ),
    "serve.port_busy": "port {port} on {host} is already in use (another numcheck serve, or the simulator?): choose another with --port",
    "serve.cannot_bind": "cannot listen on {host} port {port}: {error!q}",
}
