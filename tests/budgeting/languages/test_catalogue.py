"""Every language is complete: each message in the code and templates is translated, none is
fuzzy, the compiled catalogue is the current one, and its placeholders match the English."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
OTHERS = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        pytest.fail(f"GNU gettext's {name} is needed to check the catalogues (apt-get install "
                    "gettext)")
    return found


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """The catalogues as makemessages would leave them now, made in a copy of the source so
    the working tree is untouched."""
    copy = tmp_path_factory.mktemp("source")
    for name in ["budgeting", "voting", "api", "config", "templates", "locale"]:
        shutil.copytree(ROOT / name, copy / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    subprocess.run(
        [str(ROOT / ".venv/bin/python") if (ROOT / ".venv/bin/python").exists() else "python",
         "manage.py", "makemessages", "--no-location", "--all"],
        cwd=copy, check=True, capture_output=True, env={"PATH": "/usr/bin:/bin", "DEBUG": "true",
                                                        "PYTHONPATH": str(copy)})
    return copy


@pytest.mark.parametrize("language", OTHERS)
def test_every_message_is_translated_and_none_is_fuzzy(extracted, language):
    po = extracted / "locale" / language / "LC_MESSAGES" / "django.po"
    attrib = _tool("msgattrib")
    for flag in ("--untranslated", "--only-fuzzy"):
        out = subprocess.run([attrib, flag, "--no-obsolete", str(po)], check=True,
                             capture_output=True, text=True).stdout
        missing = [m for m in re.findall(r'^msgid "(.*)"', out, re.M) if m]
        assert not missing, f"{language}: {flag[2:]} {len(missing)}: {missing[:10]}"


@pytest.mark.parametrize("language", OTHERS)
def test_the_compiled_catalogue_is_the_current_one(tmp_path, language):
    folder = ROOT / "locale" / language / "LC_MESSAGES"
    fresh = tmp_path / "django.mo"
    subprocess.run([_tool("msgfmt"), "--check-format", "-o", str(fresh),
                    str(folder / "django.po")], check=True)
    assert fresh.read_bytes() == (folder / "django.mo").read_bytes(), (
        f"locale/{language}: run `make messages` (django.mo is older than django.po)")


@pytest.mark.parametrize("language", OTHERS)
def test_each_translation_keeps_the_placeholders(language):
    text = (ROOT / "locale" / language / "LC_MESSAGES" / "django.po").read_text()
    for block in text.split("\n\n")[1:]:
        if block.startswith("#~"):
            continue
        ids = re.findall(r'^msgid(?:_plural)? ((?:".*"\n?)+)', block, re.M)
        strs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        english = {p for chunk in ids for p in PLACEHOLDER.findall(_joined(chunk))}
        for chunk in strs:
            found = set(PLACEHOLDER.findall(_joined(chunk)))
            # A singular form may name the number its English leaves out ("another budget").
            assert found <= english and english - found <= {"%(n)s", "%(n)d"}, (
                f"{language}: {_joined(ids[0])!r} → {_joined(chunk)!r}")


def _joined(chunk: str) -> str:
    return "".join(re.findall(r'"(.*)"', chunk))
