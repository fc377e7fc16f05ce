"""Where the JS runtime lives: inside the package (wheel) or next to it (repository checkout).

The wheel force-includes the repository's ``js/`` as ``nbbundle/js`` (see ``pyproject.toml``);
an editable install imports the package from the checkout, where ``js/`` is its sibling. No npm
step is involved either way: the runtime files are plain ES modules.
"""

from __future__ import annotations

from pathlib import Path


def js_dir() -> Path:
    """Return the directory that holds the JS runtime files.

    Returns
    -------
    Path
        ``nbbundle/js`` when it exists (installed wheel), else the repository's ``js/``.

    Raises
    ------
    FileNotFoundError
        If neither directory exists (a broken installation).
    """
    package_dir = Path(__file__).resolve().parent.parent  # nbbundle/, two levels above bundle/assets.py
    for candidate in (package_dir / "js", package_dir.parent / "js"):
        if candidate.is_dir():
            return candidate
    msg = (
        f"The nbbundle JS runtime was not found in {package_dir / 'js'} or "
        f"{package_dir.parent / 'js'}. Reinstall nbbundle "
        "(`pip install --force-reinstall nbbundle`)."
    )
    raise FileNotFoundError(msg)
