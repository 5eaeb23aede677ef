"""Reading YAML as YAML 1.2 (so `NO` stays Norway, `yes` stays a word), with ruamel's C parser.

One reader per file. ruamel's resolver of implicit types looks the YAML version up again for
every scalar (through a caught exception under the C parser), which was a fifth of reading the
knowledge base; the reader here takes its table of patterns once per file. The version is fixed
before the first scalar is read (by the file's directive or the default), so the values read are
the same.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _once_resolver() -> type:
    """ruamel's versioned resolver, taking its table of patterns once per file."""
    from ruamel.yaml.resolver import VersionedResolver

    class OnceResolver(VersionedResolver):
        _table: Any = None

        @property
        def versioned_resolver(self) -> Any:
            if self._table is None:
                self._table = super().versioned_resolver
            return self._table

    return OnceResolver


def yaml_reader() -> Any:
    """A safe YAML 1.2 reader (so `NO` stays Norway) for one file."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    yaml.Resolver = _once_resolver()
    return yaml
