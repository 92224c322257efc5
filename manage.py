#!/usr/bin/env python
"""Django's manage.py; ``gaoqi`` is the same entry point with engine commands added."""

import sys

from gaoqi.cli import main

if __name__ == "__main__":
    sys.exit(main())
