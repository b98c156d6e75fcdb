"""The content-addressed file store: one copy per content, atomic, digest-checked names."""

from __future__ import annotations

import pytest

from engine import storage


def test_put_keeps_one_copy_per_content_and_reads_it_back(tmp_path):
    store = storage.LocalFileStore(tmp_path)
    first = store.put(b"issues paper, version 1")
    again = store.put(b"issues paper, version 1")
    other = store.put(b"issues paper, version 2")
    assert first == again == storage.digest_of(b"issues paper, version 1")
    assert other != first
    assert store.read(first) == b"issues paper, version 1"
    assert store.exists(other)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) == 2
    assert not any(p.name.startswith(".incoming-") for p in files)


def test_a_digest_that_is_not_sha256_never_reaches_the_filesystem(tmp_path):
    store = storage.LocalFileStore(tmp_path)
    for bad in ("../../etc/passwd", "A" * 64, "abc"):
        with pytest.raises(ValueError, match="not a sha256 digest"):
            store.read(bad)
    with pytest.raises(FileNotFoundError):
        store.read("0" * 64)


def test_the_default_store_follows_files_dir_and_a_registered_store_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYCYCLE_FILES_DIR", str(tmp_path / "shared"))
    storage.use_store(None)  # the suite registers a store of each test's own (tests.fixtures)
    default = storage.file_store()
    assert isinstance(default, storage.LocalFileStore)
    assert default.root == tmp_path / "shared"
    mine = storage.LocalFileStore(tmp_path / "mine")
    storage.use_store(mine)
    try:
        assert storage.file_store() is mine
    finally:
        storage.use_store(None)
