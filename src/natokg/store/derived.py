"""The derived graphs stores keep beside the document graphs: one commit hook each.

Writers, local or remote, run these hooks on every transaction, so a derived
graph is always committed (or abandoned) with the documents it comes from.
Another derived graph (an index, a tally) is one more hook in these tuples.
"""

from __future__ import annotations

from natokg.store.merged import MERGED_VIEW_HOOK
from natokg.store.protocol import CommitHook
from natokg.summary import SUMMARY_HOOK

STANDARD_HOOKS: tuple[CommitHook, ...] = (SUMMARY_HOOK,)
# A local store also keeps the merged view that custom queries' plain patterns read; a
# remote endpoint answers them from its own union of graphs.
LOCAL_HOOKS: tuple[CommitHook, ...] = (*STANDARD_HOOKS, MERGED_VIEW_HOOK)
