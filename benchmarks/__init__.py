"""Benchmarks: commands that print figures (bin/benchmark), never part of the test run."""
