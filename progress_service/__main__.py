import sys

from progress_service.cli import main

sys.exit(main())
