"""``python -m xxgk.cli``: the command line, as the ``xxgk`` script runs it.

Layer: ``xxgk.cli`` only.
"""

import sys

from xxgk.cli import main

sys.exit(main())
