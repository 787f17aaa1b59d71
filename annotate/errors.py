"""Errors that reach the user as one clear line (the CLI prints ``str(error)``)."""

from __future__ import annotations


class AnnotateError(Exception):
    """Base of every error the CLI reports as one line with a non-zero exit."""

    exit_code = 1


class InputError(AnnotateError):
    """Bad input: a file, line, task or record that cannot be used; the message names it."""


class StoreError(AnnotateError):
    """The SQLite store cannot be opened, read or written; the message names the file."""


class ConfigError(AnnotateError):
    """Missing or wrong settings (connection, credentials, options)."""
