#!/usr/bin/env python
"""The example host project: ``python example_project/manage.py <command>`` from the repo root."""

from __future__ import annotations

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    # The project is the package ``example_project``: put its parent first on the path in
    # place of this folder, where ``celery.py`` would shadow the real ``celery`` package.
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_project.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
