"""The public core numcheck's two front ends share: the command line (`numcheck.cli`) and ``numcheck serve`` (`numcheck.serve`).

Argument parsing that writes to the streams it is given (`numcheck.frontends.parsing`), the checker listing both
print (`numcheck.frontends.listing`), and opening what a run writes to: an output file, the history
(`numcheck.frontends.output`). The exit codes below are the command line's documented contract; ``numcheck serve``
ends with the same code for an interrupt.
"""

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_INCOMPLETE = 3
EXIT_STORE = 4
EXIT_INTERRUPTED = 130
