"""natokg: NATO news in, a queryable RDF knowledge graph out."""

import os

__version__ = "0.1.0"

# spaCy's small models multiply small matrices, where a multi-threaded BLAS
# spends more time synchronising than computing: one thread per process made
# the pipeline about 30% faster here, and lets `--workers` scale with the
# cores. Only a default (set before NumPy loads): an explicit setting wins.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
