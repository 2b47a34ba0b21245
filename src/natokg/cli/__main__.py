"""`python -m natokg.cli`: the `natokg` command without its script."""

from natokg.cli import main

main()
