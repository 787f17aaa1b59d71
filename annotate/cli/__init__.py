"""The ``annotate`` command line: a thin client of the library, one file per command."""
