"""Encrypted backups of the database and the media folder (scripts/backup, scripts/restore).

A backup file is a tar archive — `manifest.json`, the database (`db.sqlite3` made with SQLite's online
backup API, or `db.dump` from `pg_dump -Fc`) and `media.tar` — encrypted with a key derived from the
deployment's NIANGJIA_PII_KEY (HKDF, so the backup key is not the column key). A backup holds everyone's
personal data, so it must be as unreadable as the columns without the key; restoring needs the key that was
current when the backup was made (keep old keys in NIANGJIA_PII_OLD_KEYS after a rotation).

Why our own framing: `cryptography`'s AES-GCM needs the whole message in memory and media folders are large,
so the archive is cut into 1 MiB chunks, each sealed with AES-GCM under a nonce made of a random prefix and
the chunk number, with the chunk number and a last-chunk flag in the authenticated data (the STREAM
construction): chunks cannot be reordered, dropped or the file truncated without the restore failing.
"""

import base64
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import connection

MAGIC = b"NJBACKUP1"
CHUNK = 1024 * 1024


class BackupError(RuntimeError):
    pass


def _derive(key_b64: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"niangjia-backup",
                info=b"niangjia backup v1").derive(base64.b64decode(key_b64))


def _candidate_keys() -> list[str]:
    old = getattr(settings, "NIANGJIA_PII_OLD_KEYS", "") or ""
    if isinstance(old, str):
        old = [k.strip() for k in old.split(",") if k.strip()]
    return [settings.NIANGJIA_PII_KEY, *old]


def _key_id(key: bytes) -> bytes:
    return hashlib.sha256(key).digest()[:8]


def encrypt_stream(src, dst, key_b64: str) -> None:
    key = _derive(key_b64)
    aead, prefix = AESGCM(key), os.urandom(7)
    header = MAGIC + _key_id(key) + prefix
    dst.write(header)
    index, block = 0, src.read(CHUNK)
    while True:
        following = src.read(CHUNK)
        last = not following
        nonce = prefix + struct.pack(">I", index) + (b"\x01" if last else b"\x00")
        sealed = aead.encrypt(nonce, block, header + struct.pack(">I?", index, last))
        dst.write(struct.pack(">I", len(sealed)) + sealed)
        if last:
            return
        index, block = index + 1, following


def decrypt_stream(src, dst) -> None:
    header = src.read(len(MAGIC) + 8 + 7)
    if not header.startswith(MAGIC):
        raise BackupError("not a Niangjia backup file")
    kid, prefix = header[len(MAGIC):len(MAGIC) + 8], header[len(MAGIC) + 8:]
    keys = [k for k in (_derive(c) for c in _candidate_keys()) if _key_id(k) == kid]
    if not keys:
        raise BackupError("this backup was made with another key (set it in NIANGJIA_PII_OLD_KEYS)")
    aead, index = AESGCM(keys[0]), 0
    while True:
        size = src.read(4)
        if len(size) < 4:
            raise BackupError("the backup file is truncated")
        sealed = src.read(struct.unpack(">I", size)[0])
        for last in (False, True):
            nonce = prefix + struct.pack(">I", index) + (b"\x01" if last else b"\x00")
            try:
                dst.write(aead.decrypt(nonce, sealed, header + struct.pack(">I?", index, last)))
                break
            except Exception:  # InvalidTag: try the other flag, then give up
                if last:
                    raise BackupError("the backup file is damaged or was changed") from None
        if last:
            if src.read(1):
                raise BackupError("data after the last chunk: the backup file was changed")
            return
        index += 1


def _db() -> dict:
    return connection.settings_dict


def _is_sqlite() -> bool:
    return _db()["ENGINE"].endswith("sqlite3")


def _pg_env(database: str | None = None) -> dict:
    s = _db()
    env = {**os.environ, "PGHOST": s.get("HOST") or "127.0.0.1", "PGPORT": str(s.get("PORT") or 5432),
           "PGUSER": s.get("USER") or "", "PGDATABASE": database or s["NAME"]}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return env


def table_counts_sqlite(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                          "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {n: db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}


def make_backup(out_dir: Path, *, media_root: Path | None = None) -> Path:
    """Write one encrypted backup file into out_dir and return its path."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if _is_sqlite():
            db_file = tmp / "db.sqlite3"
            source = sqlite3.connect(_db()["NAME"])
            target = sqlite3.connect(db_file)
            with target:
                source.backup(target)  # a consistent copy while the app keeps writing
            source.close()
            target.close()
            engine = "sqlite"
        else:
            db_file = tmp / "db.dump"
            subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(db_file)], env=_pg_env(), check=True)
            engine = "postgresql"
        media_tar = tmp / "media.tar"
        with tarfile.open(media_tar, "w") as tar:
            if media_root.exists():
                tar.add(media_root, arcname="media")
        manifest = {"format": 1, "engine": engine, "created_at": stamp, "database": db_file.name}
        archive = tmp / "backup.tar"
        with tarfile.open(archive, "w") as tar:
            data = json.dumps(manifest).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(db_file, arcname=db_file.name)
            tar.add(media_tar, arcname="media.tar")
        target_path = out_dir / f"niangjia-{engine}-{stamp}.njbak"
        partial = target_path.with_suffix(".partial")
        with archive.open("rb") as src, partial.open("wb") as dst:
            encrypt_stream(src, dst, settings.NIANGJIA_PII_KEY)
        os.chmod(partial, 0o600)
        partial.rename(target_path)
    return target_path


def restore_backup(path: Path, *, media_root: Path | None = None, sqlite_path: Path | None = None,
                   pg_database: str | None = None) -> dict:
    """Restore into the configured (empty) database and media folder; returns the manifest.

    SQLite: the database file is written to `sqlite_path` (default: the configured one) and must not exist.
    PostgreSQL: the configured database must exist and be empty (create it with createdb first).
    """
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        archive = tmp / "backup.tar"
        with Path(path).open("rb") as src, archive.open("wb") as dst:
            decrypt_stream(src, dst)
        with tarfile.open(archive) as tar:
            tar.extractall(tmp / "x", filter="data")
        manifest = json.loads((tmp / "x/manifest.json").read_text())
        db_file = tmp / "x" / manifest["database"]
        if manifest["engine"] == "sqlite":
            target = Path(sqlite_path or _db()["NAME"])
            if target.exists() and target.stat().st_size > 0:
                raise BackupError(f"{target} exists: restore into a new file, or move the old one away first")
            shutil.copyfile(db_file, target)
        else:
            if _is_sqlite():
                raise BackupError("a PostgreSQL backup needs DATABASE_URL pointing at an empty PostgreSQL database")
            database = pg_database or _db()["NAME"]
            subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "-d", database, str(db_file)],
                           env=_pg_env(database), check=True)
        with tarfile.open(tmp / "x/media.tar") as tar:
            media_root.parent.mkdir(parents=True, exist_ok=True)
            tar.extractall(tmp / "m", filter="data")
        if (tmp / "m/media").exists():
            shutil.copytree(tmp / "m/media", media_root, dirs_exist_ok=True)
    return manifest
