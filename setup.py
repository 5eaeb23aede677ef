"""The package's build step beyond what `pyproject.toml` declares: a built package (a wheel,
`pip install .`) carries the validated knowledge base of its own data folder,
`emigre/knowledge/bundled.json`, so that the first run of an installed package parses no YAML
(`emigre/knowledge/cache.py` says when it is used: only while the installed files hold what it
was built from).

It is the same JSON as the user's cache, written by the package being built (run from the build
folder, with a home of its own so that no saved rates or caches of the builder's end up in it).
An editable install skips it (the source tree changes under it). If it cannot be written (the
build environment lacks a dependency, the data has an error) the build goes on without it and
says why: the package then parses the YAML on its first run, as before.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

WRITE = (
    "import sys; from pathlib import Path; "
    "from emigre.knowledge.cache import write_bundled; "
    "print(write_bundled(Path(sys.argv[1])))"
)


class BuildWithKnowledgeBase(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode or self.dry_run:
            return
        package = Path(self.build_lib).resolve() / "emigre"
        with tempfile.TemporaryDirectory() as home:
            env = {
                k: v
                for k, v in os.environ.items()
                if k not in ("EMIGRE_DATA", "XDG_CACHE_HOME", "XDG_DATA_HOME", "PYTHONPATH")
            }
            # pip's isolated build environment reaches the subprocess through PYTHONPATH: keep
            # it, behind the package being built.
            paths = [str(package.parent), os.environ.get("PYTHONPATH", "")]
            env.update(PYTHONPATH=os.pathsep.join(p for p in paths if p), EMIGRE_HOME=home)
            done = subprocess.run(
                [sys.executable, "-c", WRITE, str(package)],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
        if done.returncode != 0:
            self.warn(
                "the bundled knowledge base was not written (the first run will parse the "
                f"YAML): {done.stderr.strip()[-2000:]}"
            )


setup(cmdclass={"build_py": BuildWithKnowledgeBase})
