"""Where pictures are stored follows the environment: files under MEDIA_ROOT by default, any
S3-compatible object store with STORAGE_BACKEND=s3 (its address then allowed for images)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SHOW = """
import json
from django.conf import settings
import django
django.setup()
from django.core.files.storage import default_storage
print(json.dumps({"backend": settings.STORAGES["default"]["BACKEND"],
                  "img_src": settings.SECURE_CSP["img-src"],
                  "url": default_storage.url("pictures/abc.jpg")}))
"""


def _settings(**env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith(("AWS_", "STORAGE_", "MEDIA_"))}
    environment.update({"DEBUG": "true", "DJANGO_SETTINGS_MODULE": "config.settings", **env})
    return subprocess.run([sys.executable, "-c", SHOW], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=60)


def test_pictures_are_files_under_media_root_by_default():
    result = _settings()
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["backend"] == "django.core.files.storage.FileSystemStorage"
    assert shown["url"] == "/media/pictures/abc.jpg"


def test_an_s3_compatible_store_is_used_when_asked_for():
    result = _settings(STORAGE_BACKEND="s3", AWS_STORAGE_BUCKET_NAME="kist-pictures",
                       AWS_S3_ENDPOINT_URL="https://objects.example.org",
                       AWS_S3_REGION_NAME="eu-west-2", AWS_QUERYSTRING_AUTH="false",
                       AWS_ACCESS_KEY_ID="test-only", AWS_SECRET_ACCESS_KEY="test-only")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["backend"] == "storages.backends.s3.S3Storage"
    assert shown["url"].startswith("https://objects.example.org/")
    assert shown["url"].endswith("pictures/abc.jpg") and "?" not in shown["url"]
    assert "https://objects.example.org" in shown["img_src"]


def test_a_store_without_a_bucket_stops_kist_with_one_line():
    result = _settings(STORAGE_BACKEND="s3")
    assert result.returncode != 0 and "needs AWS_STORAGE_BUCKET_NAME" in result.stderr
    result = _settings(STORAGE_BACKEND="ftp")
    assert result.returncode != 0 and "STORAGE_BACKEND must be files or s3" in result.stderr
