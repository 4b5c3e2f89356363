"""Allow ``python -m balg_planner``."""

from balg_planner.cli import main

main()
