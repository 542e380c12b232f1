"""``python -m tools.sample OUT --n N``: write a synthetic data set (see the package doc)."""

import sys

from tools.sample import main

sys.exit(main())
