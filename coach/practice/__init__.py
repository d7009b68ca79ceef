"""The practice runner: starts or resumes a session, wires the terminal into it,
and after it ends records its review cards and writes the export.

The one place above `ui`, `export` and `progress` that is not a command: it may
import any of them and everything below, never `cli`.
"""
