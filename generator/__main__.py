"""``python -m generator``: the same as the ``vanban`` command."""

import sys

from generator.commands.main import main

sys.exit(main())
