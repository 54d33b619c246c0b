"""``python -m rag.cli``, as the ``rag`` command."""

import sys

from rag.cli import main

sys.exit(main())
