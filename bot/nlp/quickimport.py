"""spaCy without its command line at start-up.

`import spacy` imports spaCy's whole command line (typer, weasel and every command's
module) only to offer `spacy.info`: about a third of importing spaCy (0.3 s on a quiet
2-core machine, 0.8 s on a busy one), paid by every process that analyses an article and
used by none. `install()` puts a finder first on `sys.meta_path` that gives `spacy.cli`
and `spacy.cli.info` as modules whose code runs on first use instead: `spacy.info()`,
`from spacy.cli import ...` and `import spacy.cli.<command>` behave as before, only the
cost moves to the moment someone uses them. Nothing else of spaCy's is touched.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
import threading
from types import ModuleType

DEFERRED = ("spacy.cli", "spacy.cli.info")

_lock = threading.RLock()
_done: set[str] = set()


class _DeferredFinder(importlib.abc.MetaPathFinder):
    """Finds the real `spacy.cli` / `spacy.cli.info` and hands them to `_DeferredLoader`."""

    def find_spec(self, fullname, path, target=None):
        if fullname not in DEFERRED:
            return None
        real = importlib.machinery.PathFinder.find_spec(fullname, path)
        if real is None or real.loader is None:
            return None
        spec = importlib.util.spec_from_loader(
            fullname, _DeferredLoader(real), origin=real.origin, is_package=real.parent == fullname
        )
        if real.submodule_search_locations is not None:
            spec.submodule_search_locations = list(real.submodule_search_locations)
        spec.has_location = real.has_location
        return spec


class _DeferredLoader(importlib.abc.Loader):
    def __init__(self, real: importlib.machinery.ModuleSpec):
        self.real = real

    def create_module(self, spec):
        return None  # the default module

    def exec_module(self, module: ModuleType) -> None:
        real = self.real
        module.__file__ = real.origin

        def __getattr__(name: str):
            if name.startswith("__"):
                raise AttributeError(name)
            _run(module, real)
            try:
                return module.__dict__[name]
            except KeyError:
                missing = f"module {module.__name__!r} has no attribute {name!r}"
                raise AttributeError(missing) from None

        module.__getattr__ = __getattr__
        if module.__name__ == "spacy.cli.info":

            def info(*args, **kwargs):
                _run(module, real)
                return module.info(*args, **kwargs)

            module.info = info  # what `spacy/__init__.py` imports


def _run(module: ModuleType, real: importlib.machinery.ModuleSpec) -> None:
    """The module's own code, once, in the module object everyone already holds."""
    with _lock:
        if module.__name__ in _done:
            return
        _done.add(module.__name__)
        module.__dict__.pop("__getattr__", None)
        module.__dict__.pop("info", None)
        real.loader.exec_module(module)


def install() -> None:
    """Defer spaCy's command line in this process (no effect once spaCy is imported)."""
    if "spacy" in sys.modules or any(isinstance(f, _DeferredFinder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _DeferredFinder())
