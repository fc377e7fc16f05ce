"""nbbundle: ES modules in Jupyter cells, bundled in the kernel, hot-replaced in a widget."""

from nbbundle._version import __version__
from nbbundle.bundle import BuildResult, build
from nbbundle.errors import Diagnostic, NbbundleError

__all__ = ["BuildResult", "Diagnostic", "NbbundleError", "__version__", "build"]
