"""Test settings: under CI (CI=true), hypothesis draws the same examples on every run (derandomized).

A property that fails only on a rare draw then fails here first, where it can be fixed, rather than turning a
submission's CI red by chance; locally each run draws new examples.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")
