"""One error hierarchy: the kind of failure, not its wording, decides the exit code, so a script
can tell a mistake it can fix (2) from broken data (3) and an outage worth retrying (4)."""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from emigre import fxupdate
from emigre.errors import DataError, EmigreError, InputError, NetworkError
from tests.conftest import EXAMPLES, Cli


def test_each_kind_has_its_own_exit_code() -> None:
    codes = [kind("x").exit_code for kind in (InputError, DataError, NetworkError)]
    assert codes == [2, 3, 4]
    assert all(issubclass(k, EmigreError) for k in (InputError, DataError, NetworkError))
    assert not issubclass(DataError, InputError) and not issubclass(NetworkError, InputError)


def _offline(*_args: Any, **_kwargs: Any) -> Any:
    raise urllib.error.URLError(OSError("Name or service not known"))


def test_rates_update_offline_is_a_network_failure_not_bad_input(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fxupdate, "urlopen", _offline)
    code, out, err = cli("rates", "update")
    assert code == 4, err
    assert "could not reach www.ecb.europa.eu" in err and "still used" in err
    assert "Traceback" not in err and out == ""


def test_rates_update_with_a_bad_date_is_still_bad_input(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fxupdate, "urlopen", _offline)
    code, _, err = cli("rates", "update", "--date", "2026-02-30")
    assert code == 2 and "--date" in err


def test_a_broken_saved_rates_file_is_a_data_failure(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from emigre.money import user_rates_path

    monkeypatch.setenv("EMIGRE_HOME", str(tmp_path / "home"))
    saved = user_rates_path()
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_text("date,currency,per_eur,source\n2026-11-24,USD,-1,x\n")
    code, _, err = cli("rates", "show", "USD", "--data", str(_data_copy(tmp_path)))
    assert code == 3, err
    assert f"{saved}: line 2" in err and "Traceback" not in err


def test_a_broken_knowledge_base_is_a_data_failure(cli: Cli, tmp_path: Path) -> None:
    data = _data_copy(tmp_path)
    (data / "countries/de/parameters.yaml").write_text("a: [unclosed\n")
    code, _, err = cli("plan", str(EXAMPLES / "dima.toml"), "--data", str(data))
    assert code == 3 and "countries/de/parameters.yaml:2: not valid YAML" in err
    bad_profile = tmp_path / "p.toml"
    bad_profile.write_text("[person\n")
    code, _, err = cli("plan", str(bad_profile))
    assert code == 2 and "not valid TOML" in err


def _data_copy(tmp_path: Path) -> Path:
    from emigre.knowledge.loader import default_root

    dest = tmp_path / "data"
    shutil.copytree(default_root(), dest)
    return dest
