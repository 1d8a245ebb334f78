"""Run the command line as `python -m itucat_cli` (what the `itucat` script does)."""

import sys

from itucat_cli import main

sys.exit(main())
