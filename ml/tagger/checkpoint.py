"""Versioned, atomically written model checkpoints: `root/v0001/` holding files and a manifest."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
FORMAT_VERSION = 1
_VERSION_DIR = re.compile(r"^v(\d{4,})$")


class CheckpointError(Exception):
    """A checkpoint is missing, incomplete, corrupt or of another model kind."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _versions(root: Path) -> list[tuple[int, Path]]:
    if not root.is_dir():
        return []
    found = []
    for child in root.iterdir():
        match = _VERSION_DIR.match(child.name)
        if match and child.is_dir():
            found.append((int(match.group(1)), child))
    return sorted(found)


def write_checkpoint(
    root: Path, kind: str, write_files: Callable[[Path], None], metadata: dict[str, Any]
) -> Path:
    """Writes a new version under `root` and returns its folder.

    Files go to a hidden temporary folder beside the versions first and are renamed into place
    in one step, so a reader never sees a half-written version (and a crash leaves only litter
    that starts with a dot).
    """
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
    try:
        write_files(staging)
        manifest = {
            "kind": kind,
            "format": FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(),
            "files": {path.name: _sha256(path) for path in sorted(staging.iterdir())},
            **metadata,
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        while True:
            latest = _versions(root)
            number = latest[-1][0] + 1 if latest else 1
            target = root / f"v{number:04d}"
            try:
                # rename onto an existing folder fails, so two concurrent writers never collide
                os.rename(staging, target)
            except OSError:
                if target.exists():
                    continue
                raise
            return target
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def read_checkpoint(path: Path, kind: str) -> tuple[Path, dict[str, Any]]:
    """The version folder and manifest at `path`: a version folder itself, or the latest under it.

    Raises CheckpointError with a message a person can act on instead of a library traceback.
    """
    if (path / MANIFEST).is_file():
        folder = path
    else:
        versions = _versions(path)
        if not versions:
            raise CheckpointError(
                f"no {kind} checkpoint at {path}: expected a folder with v0001/, v0002/... "
                "written by save(), or a version folder holding manifest.json"
            )
        folder = versions[-1][1]
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CheckpointError(f"checkpoint {folder} has an unreadable manifest: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("kind") != kind:
        found = manifest.get("kind") if isinstance(manifest, dict) else None
        raise CheckpointError(f"checkpoint {folder} holds a {found!r} model, not {kind!r}")
    if manifest.get("format") != FORMAT_VERSION:
        raise CheckpointError(
            f"checkpoint {folder} has format {manifest.get('format')!r}; "
            f"this code reads format {FORMAT_VERSION}"
        )
    files = manifest.get("files")
    if not isinstance(files, dict):
        raise CheckpointError(f"checkpoint {folder} manifest lists no files")
    for name, expected in files.items():
        file = folder / name
        if not file.is_file():
            raise CheckpointError(f"checkpoint {folder} is incomplete: {name} is missing")
        if _sha256(file) != expected:
            raise CheckpointError(f"checkpoint {folder} is corrupt: {name} fails its checksum")
    return folder, manifest
