"""``python -m rsctparse``: see docs/cli.md."""

import sys

from ._cli import main

sys.exit(main())
