"""`python -m catalogue check|due|schema|new|import`: see catalogue/cli.py."""

import sys

from catalogue.cli import main

if __name__ == "__main__":
    sys.exit(main())
