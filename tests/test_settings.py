import os
import subprocess
import sys


def _run_settings(env_extra: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINLI_")}
    env.update(env_extra)
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='linli.settings'; django.setup()"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_to_start_without_keys():
    result = _run_settings({"LINLI_PRODUCTION": "1"})
    assert result.returncode != 0
    assert "LINLI_SECRET_KEY and LINLI_FIELD_KEY must be set" in result.stderr


def test_production_starts_with_keys(tmp_path):
    result = _run_settings(
        {
            "LINLI_PRODUCTION": "1",
            "LINLI_SECRET_KEY": "s" * 50,
            "LINLI_FIELD_KEY": "f" * 40,
            "LINLI_VAR_DIR": str(tmp_path),
        }
    )
    assert result.returncode == 0, result.stderr


def test_development_defaults_need_nothing(tmp_path):
    assert _run_settings({"LINLI_VAR_DIR": str(tmp_path)}).returncode == 0
