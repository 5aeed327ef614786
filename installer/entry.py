"""The bundle's entry point: ``counterdesk.exe ARGS`` runs ``counterdesk ARGS``.

``freeze_support`` first: ``counterdesk seed`` makes rows in worker processes started with
*spawn*, which in a frozen program re-run this executable; without it each worker would start
the CLI again instead of doing its share.
"""

import multiprocessing

from counterdesk.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    main(prog_name="counterdesk")
