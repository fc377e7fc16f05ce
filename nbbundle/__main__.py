"""``python -m nbbundle`` runs the command line interface."""

from nbbundle.cli import run

run()
