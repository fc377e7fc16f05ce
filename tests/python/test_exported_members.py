"""The public surface is what __all__ says, nothing more (httpx's test_exported_members)."""

import importlib
import pkgutil

import nbbundle


def test_all_public_names_are_exported() -> None:
    public = sorted(name for name in vars(nbbundle) if not name.startswith("_") or name == "__version__")
    modules = {name for name in public if type(getattr(nbbundle, name)).__name__ == "module"}
    assert sorted(nbbundle.__all__) == sorted(set(public) - modules)


def test_no_submodule_shadows_a_public_name() -> None:
    # Importing nbbundle.x sets the attribute nbbundle.x to the module, replacing a function
    # of the same name: nbbundle.widget("app.js") once failed with "'module' is not callable".
    for info in pkgutil.iter_modules(nbbundle.__path__):
        if info.name != "__main__":  # importing it runs the command line
            importlib.import_module(f"nbbundle.{info.name}")
    shadowed = [name for name in nbbundle.__all__ if type(getattr(nbbundle, name)).__name__ == "module"]
    assert shadowed == []
