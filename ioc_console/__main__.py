import sys

from ioc_console.cli import main

sys.exit(main())
