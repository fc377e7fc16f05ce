"""The public surface is what __all__ says, nothing more (httpx's test_exported_members)."""

import nbbundle


def test_all_public_names_are_exported() -> None:
    public = sorted(name for name in vars(nbbundle) if not name.startswith("_") or name == "__version__")
    modules = {name for name in public if type(getattr(nbbundle, name)).__name__ == "module"}
    assert sorted(nbbundle.__all__) == sorted(set(public) - modules)
