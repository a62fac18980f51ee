"""Adding a concept to a corpus concepts.yaml (store.corpus.add_to_concepts_file)."""

from __future__ import annotations

import pytest

from alignread.core.errors import FormatError
from alignread.core.model import Concept
from alignread.store.corpus import add_to_concepts_file, load_concepts

NEW = Concept("first-impression", "first impression", "kesan pertama", 'What is noticed "first": a face.', "")

BLOCK = """# Concepts of our reading group
schema_version: 1
concepts:
  # the first idea we tagged
  - id: trust
    labels: {en: trust, id: kepercayaan}
"""


def test_a_concept_is_added_at_the_end_and_the_rest_is_kept_as_written(tmp_path):
    path = tmp_path / "concepts.yaml"
    path.write_text(BLOCK, encoding="utf-8")
    assert add_to_concepts_file(path, NEW) is True
    text = path.read_text(encoding="utf-8")
    assert text.startswith(BLOCK)
    assert [c.id for c in load_concepts(path)] == ["trust", "first-impression"]
    assert load_concepts(path)[1] == NEW
    # The same id again: nothing changes.
    assert add_to_concepts_file(path, NEW) is False
    assert path.read_text(encoding="utf-8") == text


def test_an_empty_list_is_written_afresh_keeping_the_comments(tmp_path):
    path = tmp_path / "concepts.yaml"
    path.write_text("# ours\nschema_version: 1\nconcepts: []\n", encoding="utf-8")
    assert add_to_concepts_file(path, NEW)
    assert path.read_text(encoding="utf-8").startswith("# ours\n")
    assert load_concepts(path) == (NEW,)


def test_a_file_it_cannot_append_to_is_left_untouched(tmp_path):
    path = tmp_path / "concepts.yaml"
    flow = "schema_version: 1\nconcepts: [{id: trust, labels: {en: trust, id: kepercayaan}}]\n"
    path.write_text(flow, encoding="utf-8")
    with pytest.raises(FormatError, match="cannot add a concept"):
        add_to_concepts_file(path, NEW)
    assert path.read_text(encoding="utf-8") == flow
