"""The seed page's files, saved as they are: ``my_app`` must be importable as a top-level package."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
