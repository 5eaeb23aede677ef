"""Where the program keeps its files: the user's data folder and the cache folder.

* data (saved profiles, downloaded rates): `$EMIGRE_HOME` if set, else the platform's user data
  folder (`$XDG_DATA_HOME/emigre`, by default `~/.local/share/emigre` on Linux);
* cache (the validated knowledge base, public data only): `$XDG_CACHE_HOME/emigre` if
  XDG_CACHE_HOME is set, else `$EMIGRE_HOME/cache` if EMIGRE_HOME is set, else the platform's
  user cache folder (`~/.cache/emigre` on Linux).

platformdirs knows each platform's conventions; EMIGRE_HOME keeps one switch that moves
everything (tests, several installs side by side).
"""

from __future__ import annotations

import os
from pathlib import Path


def _absolute_env(name: str) -> Path | None:
    """An XDG variable's folder; the XDG spec says to ignore an empty or relative one."""
    value = os.environ.get(name, "")
    return Path(value) if value and Path(value).is_absolute() else None


def data_dir() -> Path:
    """The user's own files (profiles, saved rates)."""
    home = os.environ.get("EMIGRE_HOME")
    if home:
        return Path(home).expanduser()
    xdg = _absolute_env("XDG_DATA_HOME")
    if xdg:
        return xdg / "emigre"
    import platformdirs

    return Path(platformdirs.user_data_dir("emigre", appauthor=False))


def cache_dir() -> Path:
    """Files the program can always rebuild; an explicit XDG_CACHE_HOME wins over EMIGRE_HOME so
    that a user who keeps caches elsewhere (or off a backed-up disk) is obeyed."""
    xdg = _absolute_env("XDG_CACHE_HOME")
    if xdg:
        return xdg / "emigre"
    home = os.environ.get("EMIGRE_HOME")
    if home:
        return Path(home).expanduser() / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir("emigre", appauthor=False))


def private_folder(folder: Path) -> None:
    """Create `folder` (and its parents) if missing, the folder itself readable by its owner only.
    An existing folder is left as it is: it may be one the user chose for other files too."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)


def private_file(path: Path) -> None:
    """Create `path` empty if missing, readable and writable by its owner only; an existing
    file is made so (one written before emigre took care may be readable by every account)."""
    fd = os.open(path, os.O_RDONLY | os.O_CREAT, 0o600)
    try:
        if os.fstat(fd).st_mode & 0o077:
            os.chmod(path, 0o600)
    finally:
        os.close(fd)
