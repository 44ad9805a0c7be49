import sys

from generator.commands.main import main

sys.exit(main())
