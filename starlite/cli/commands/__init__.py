"""The commands of the ``starlite`` command line, one module per group."""
