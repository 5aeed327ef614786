"""``python -m counterdesk`` does what the ``counterdesk`` console script does."""

from counterdesk.cli import main

main()
