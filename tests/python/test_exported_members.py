"""The public surface is what __all__ says, nothing more (httpx's test_exported_members)."""

import importlib
import pkgutil

import nbbundle


def test_all_public_names_are_exported() -> None:
    public = [name for name in dir(nbbundle) if not name.startswith("_") or name == "__version__"]
    modules = {name for name in public if type(getattr(nbbundle, name)).__name__ == "module"}
    assert nbbundle.__all__ == sorted(set(public) - modules)


def test_the_command_line_does_not_load_the_notebook_side() -> None:
    # Start-up time is part of every build (the cold three.js build is within 5x of esbuild).
    import subprocess
    import sys

    code = "import sys, nbbundle.cli, nbbundle.bundle.build; print(sorted(m for m in sys.modules if m in ('IPython', 'anywidget', 'nbbundle.kernel.api', 'nbbundle.kernel.environment', 'nbbundle.picture.draw')))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"


def test_no_submodule_shadows_a_public_name() -> None:
    # Importing nbbundle.x sets the attribute nbbundle.x to the module, replacing a function
    # of the same name: nbbundle.widget("app.js") once failed with "'module' is not callable".
    for info in pkgutil.walk_packages(nbbundle.__path__, prefix="nbbundle."):
        if info.name != "nbbundle.__main__":  # importing it runs the command line
            importlib.import_module(info.name)
    shadowed = [name for name in nbbundle.__all__ if type(getattr(nbbundle, name)).__name__ == "module"]
    assert shadowed == []
