"""The derived graphs every store keeps beside the document graphs: one commit hook each.

Writers, local or remote, run these hooks on every transaction, so a derived
graph is always committed (or abandoned) with the documents it comes from.
Another derived graph (an index, a tally) is one more hook in this tuple.
"""

from __future__ import annotations

from natokg.store.protocol import CommitHook
from natokg.summary import SUMMARY_HOOK

STANDARD_HOOKS: tuple[CommitHook, ...] = (SUMMARY_HOOK,)
