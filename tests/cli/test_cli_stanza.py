"""The CLI's Stanza options: missing models and Stanza, and `models download` offline."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from alignread.cli import main
from tests.cli.test_cli import _one_line_error
from tests.paths import CORPORA

STANZA_INSTALLED = importlib.util.find_spec("stanza") is not None
needs_stanza = pytest.mark.skipif(not STANZA_INSTALLED, reason="stanza is not installed (pip install -e '.[stanza]')")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@needs_stanza
def test_align_without_models_names_both_languages_and_the_command(runner, tmp_path):
    result = runner.invoke(main, ["align", str(CORPORA / "word-of-mouth"), "--nlp", "stanza",
                                  "--stanza-dir", str(tmp_path)])
    _one_line_error(
        result,
        f"--nlp stanza: no Stanza models for en (English) or id (Indonesian) in {tmp_path} (no resources.json)",
        f"download them with: alignread models download stanza en id --stanza-dir {tmp_path}",
    )


def test_align_without_stanza_says_how_to_install_it(runner, tmp_path, monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "stanza" else real(name, *a))
    result = runner.invoke(main, ["align", str(CORPORA / "word-of-mouth"), "--nlp", "stanza",
                                  "--stanza-dir", str(tmp_path / "x")])
    _one_line_error(result, "--nlp stanza: Stanza is not installed; install it with: pip install 'alignread[stanza]'")


def test_models_download_refuses_other_languages_and_backends(runner):
    assert runner.invoke(main, ["models", "download", "stanza", "fr"]).exit_code == 2
    assert runner.invoke(main, ["models", "download", "spacy", "en"]).exit_code == 2


@needs_stanza
def test_models_download_fetches_what_align_then_finds(runner, tmp_path, monkeypatch):
    """Stanza's own download code runs; only its two network calls are replaced."""
    from stanza.resources import common

    resources = {"url": "https://example.invalid/{lang}/{filename}"}
    for lang, name in (("en", "English"), ("id", "Indonesian")):
        resources[lang] = {
            "lang_name": name,
            "tokenize": {"gsd": {"md5": "0"}},
            "mwt": {"gsd": {"md5": "0"}},
            "pos": {"gsd": {"md5": "0"}},
            "lemma": {"gsd": {"md5": "0"}},
            "depparse": {"gsd": {"md5": "0"}},
            "packages": {"default": {"tokenize": "gsd", "mwt": "gsd", "pos": "gsd", "lemma": "gsd", "depparse": "gsd"}},
        }
    (tmp_path / "resources.json").write_text(json.dumps(resources), encoding="utf-8")
    fetched = []

    def request_file(url, path, *args, **kwargs):
        fetched.append(os.path.relpath(path, tmp_path))
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_bytes(b"")

    monkeypatch.setattr(common, "download_resources_json", lambda *args, **kwargs: None)
    monkeypatch.setattr(common, "request_file", request_file)
    result = runner.invoke(main, ["models", "download", "stanza", "--stanza-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (f"are in {tmp_path}; use them with: alignread align ... --nlp stanza --stanza-dir {tmp_path}"
            in result.output)
    assert sorted(fetched) == sorted(f"{lang}/{p}/gsd.pt" for lang in ("en", "id")
                                     for p in ("tokenize", "mwt", "pos", "lemma"))

    from alignread.nlp.stanza_backend import StanzaPipeline

    StanzaPipeline({}, str(tmp_path)).require(["en", "id"])  # no error: all there
