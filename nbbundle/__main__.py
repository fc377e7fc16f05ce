"""``python -m nbbundle`` runs the command line interface."""

from nbbundle.cli import main

raise SystemExit(main())
