"""``python -m coherence``."""

import sys

from coherence.cli import main

sys.exit(main())
