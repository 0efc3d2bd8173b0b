"""The nginx configuration of the production profile is one nginx accepts,
with the access log off (the default) and on."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.mark.skipif(not Path(NGINX).exists(), reason="Debian nginx not installed")
@pytest.mark.parametrize("access_log", ["off", "access.log"])
def test_the_rendered_configuration_passes_nginx_t(settings, tmp_path, access_log):
    settings.STATIC_PAGES_ROOT = str(tmp_path / "pages")
    run_dir = tmp_path / "run"
    log = access_log if access_log == "off" else str(tmp_path / access_log)
    call_command("render_nginx_conf", "--run-dir", str(run_dir), "--access-log", log)
    result = subprocess.run(  # noqa: S603
        [NGINX, "-t", "-c", str(run_dir / "nginx.conf"), "-p", str(run_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
