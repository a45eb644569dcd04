import sys

from voting.tally.cli import main

sys.exit(main())
