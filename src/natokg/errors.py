"""Library errors: one base class the CLI turns into a one-line message.

Library code never prints or exits; it raises a `NatokgError` subclass whose
message is a complete sentence a user can act on, and the CLI (`cli/shell.py`) alone turns it
into a `click.ClickException` (exit status 1).
"""


class NatokgError(Exception):
    """Base class of every error natokg reports to its user."""


class InputError(NatokgError):
    """An input path or article cannot be read or makes no sense."""


class ModelError(NatokgError):
    """The spaCy pipeline cannot be loaded or lacks what natokg needs."""


class StoreError(NatokgError):
    """The store cannot be opened, read or written."""


class QueryError(NatokgError):
    """A query is unknown, malformed, or given bad parameters."""
