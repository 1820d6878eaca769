"""The test suite: a package, so that ``tests`` here wins over a ``tests`` package a dependency installs (piccolo does)."""
