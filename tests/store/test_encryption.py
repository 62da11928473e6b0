"""Encryption at rest, tried as someone who copied the files would: the raw
bytes of an encrypted project, its -wal, its backup and its key file hold no
known text or identifier; a wrong passphrase is one line and changes nothing;
encrypt/decrypt keep every row and leave the original alone on failure; merge
and .qdpx work between encrypted and plain projects."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import SAMPLES, TEST_PASSPHRASE, open_raw
from vos_coder.cli import app
from vos_coder.core.passages import body_start
from vos_coder.errors import ProjectError
from vos_coder.store import Project, crypto
from vos_coder.store.encryption import encrypt_project
from vos_coder.store.engine import iterdump

SECRET_NAME = "Drita Kelmendi-Zeqiri"
SECRET_TEXT = "the orchard behind grandmother's house in Velipojë"
MEMO = "memo: follow the lantern thread"


@pytest.fixture
def cheap_kdf(monkeypatch):
    monkeypatch.setattr(crypto, "SCRYPT_LOG2_N", 10)
    monkeypatch.setenv("VOS_CODER_PASSPHRASE", TEST_PASSPHRASE)


def run(*args: str, ok: bool = True, input: str | None = None):
    r = CliRunner().invoke(app, list(args), input=input)
    if ok:
        assert r.exit_code == 0, r.stderr
    return r


def dump(path: Path) -> list[str]:
    conn = open_raw(path)
    try:
        return sorted(line for line in iterdump(conn) if "audit_log" not in line)
    finally:
        conn.close()


def files_of(path: Path) -> dict[str, bytes | None]:
    return {s: (Path(f"{path}{s}").read_bytes() if Path(f"{path}{s}").exists() else None)
            for s in ("", "-wal", "-shm", ".part")}


NEEDLES = [SECRET_NAME, SECRET_TEXT, MEMO, "Velipoj", "VoS-AL-01", "Stigma and shame",
           "SQLite format 3", "CREATE TABLE", "[NAME-1]", "vos-coder-key", "Drita"]


def assert_no_plaintext(blob: bytes, what: str) -> None:
    for needle in NEEDLES:
        for enc in ("utf-8", "utf-16-le"):
            assert needle.encode(enc) not in blob, f"{needle!r} ({enc}) readable in {what}"


def make_secret_project(tmp_path: Path) -> Path:
    db = tmp_path / "secret.db"
    run("init", "--encrypt", "--db", str(db))
    transcript = tmp_path / "VoS-AL-01.txt"
    transcript.write_text(f"Interviewer: Where did you feel safe?\n"
                          f"Participant: In {SECRET_TEXT}, with {SECRET_NAME}.\n", "utf-8")
    run("import", str(transcript), "--db", str(db))
    run("code", "1", "--match", SECRET_TEXT, "--theme", "Stigma and shame", "--db", str(db))
    with Project.open(db) as p:
        p.add_memo("project", None, MEMO)
    run("identifiers", "add", SECRET_NAME, "--participant", "VoS-AL-01", "--db", str(db))
    return db


def test_raw_bytes_of_project_wal_backup_and_key_file_hold_nothing_readable(tmp_path, cheap_kdf):
    db = make_secret_project(tmp_path)
    # While a connection holds it open and has written, the text sits in the -wal.
    p = Project.open(db)
    p.db.execute("PRAGMA wal_autocheckpoint = 0")
    with p.transaction():
        p.set_setting("note", SECRET_TEXT)
    wal = Path(f"{db}-wal").read_bytes()
    assert len(wal) > 4096, "the write should be in the -wal"
    assert_no_plaintext(wal, "the -wal")
    assert_no_plaintext(db.read_bytes(), "the project")
    p.close()
    assert_no_plaintext(db.read_bytes(), "the project after checkpoint")
    backup = tmp_path / "backup.db"
    run("backup", "--out", str(backup), "--db", str(db))
    assert_no_plaintext(backup.read_bytes(), "the backup")
    key = db.with_suffix(".key")
    assert key.read_bytes().startswith(crypto.SEALED_MAGIC)
    assert_no_plaintext(key.read_bytes(), "the key file")
    # ... and all of it opens with the passphrase.
    with Project.open(backup) as b:
        assert SECRET_TEXT in b.source_text(1)
        assert b.encrypted
    listed = run("identifiers", "list", "--db", str(db), "--format", "json").stdout
    assert SECRET_NAME in listed


def test_a_wrong_passphrase_is_one_line_and_changes_nothing(tmp_path, cheap_kdf, monkeypatch):
    db = make_secret_project(tmp_path)
    before = files_of(db)
    key_before = db.with_suffix(".key").read_bytes()
    env = dict(os.environ, VOS_CODER_PASSPHRASE="not the passphrase at all",
               PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    for args in (["stats"], ["themes", "add", "New"], ["backup", "--out", str(tmp_path / "b.db")],
                 ["identifiers", "list"], ["decrypt"], ["open"]):
        r = subprocess.run([sys.executable, "-m", "vos_coder", *args, "--db", str(db)],
                           capture_output=True, text=True, env=env, check=False)
        assert r.returncode == 1, (args, r.stderr)
        assert r.stderr.count("\n") == 1, (args, r.stderr)  # one line: no SQLCipher log, no traceback
        assert "does not open" in r.stderr and "nothing was changed" in r.stderr, r.stderr
        assert "ERROR CORE" not in r.stderr and "Traceback" not in r.stderr
    assert files_of(db) == before
    assert db.with_suffix(".key").read_bytes() == key_before
    assert not (tmp_path / "b.db").exists()
    monkeypatch.setenv("VOS_CODER_PASSPHRASE", "not the passphrase at all")
    crypto.forget_all()
    with pytest.raises(ProjectError, match="does not open"):
        Project.open(db)
    assert files_of(db) == before


def test_no_passphrase_without_a_terminal_says_how_to_give_one(tmp_path, cheap_kdf, monkeypatch):
    db = make_secret_project(tmp_path)
    monkeypatch.delenv("VOS_CODER_PASSPHRASE")
    crypto.forget_all()
    r = run("stats", "--db", str(db), ok=False)
    assert r.exit_code == 1 and "VOS_CODER_PASSPHRASE" in r.stderr and "encrypted" in r.stderr
    r = run("encrypt", "--passphrase", "x", "--db", str(db), ok=False)
    assert r.exit_code == 2 and "No such option" in r.stderr  # never an argument


def test_the_hidden_prompt_asks_once_per_command(tmp_path, cheap_kdf, monkeypatch):
    import vos_coder.cli._common as common

    db = tmp_path / "asked.db"
    monkeypatch.delenv("VOS_CODER_PASSPHRASE")
    monkeypatch.setattr(common, "stdin_is_tty", lambda: True)
    r = run("init", "--encrypt", "--db", str(db), input="short\nshort\n", ok=False)
    assert "too short" in r.stderr and not db.exists()
    r = run("init", "--encrypt", "--db", str(db), input="blue kettle song\nblue kettle song\n")
    assert "blue kettle" not in r.stdout + r.stderr  # hidden
    crypto.forget_all()
    # `merge` opens this project, then the other one encrypted with the same passphrase: one question.
    other = tmp_path / "other.db"
    shutil.copy(db, other)
    r = run("merge", str(other), "--dry-run", "--db", str(db), input="blue kettle song\n")
    assert r.stderr.count("Passphrase for") == 1
    crypto.forget_all()
    r = run("stats", "--db", str(db), input="wrong one\n", ok=False)
    assert r.exit_code == 1 and "wrong passphrase" in r.stderr and r.stderr.count("Error") == 1


def test_encrypt_and_decrypt_keep_every_row(demo_path, cheap_kdf, tmp_path):
    rows = dump(demo_path)
    key = demo_path.with_suffix(".key")
    run("identifiers", "add", SECRET_NAME, "--db", str(demo_path))
    assert SECRET_NAME.encode() in key.read_bytes()
    r = run("encrypt", "--db", str(demo_path))
    assert "encrypted the key file" in r.stdout
    assert not demo_path.read_bytes().startswith(b"SQLite format 3")
    assert_no_plaintext(key.read_bytes(), "the key file")
    assert not Path(f"{demo_path}.part").exists()
    assert oct(demo_path.stat().st_mode & 0o777) == "0o600"
    assert dump(demo_path) == rows
    with Project.open(demo_path) as p:  # the full-text index came along
        assert p.encrypted and p.search_sources("school")
    run("stats", "--db", str(demo_path))
    r = run("encrypt", "--db", str(demo_path), ok=False)
    assert "already encrypted" in r.stderr
    run("decrypt", "--db", str(demo_path))
    assert demo_path.read_bytes().startswith(b"SQLite format 3")
    assert SECRET_NAME.encode() in key.read_bytes()
    assert dump(demo_path) == rows


def test_a_failed_conversion_leaves_the_original_untouched(demo_path, cheap_kdf, monkeypatch):
    from vos_coder.store import encryption

    before = files_of(demo_path)

    def broken(*args):
        raise ProjectError("the converted copy does not hold the same rows as the original; "
                           "the original was left unchanged")

    monkeypatch.setattr(encryption, "_verify", broken)
    with pytest.raises(ProjectError, match="left unchanged"):
        encrypt_project(demo_path, TEST_PASSPHRASE)
    after = files_of(demo_path)
    assert after[""] == before[""] and after[".part"] is None
    with Project.open(demo_path) as p:
        assert not p.encrypted


def test_production_key_derivation_cost(tmp_path, monkeypatch):
    """Outside the tests' cheap setting: scrypt 2**15, r=8, p=1, recorded in sealed files."""
    assert (crypto.SCRYPT_LOG2_N, crypto.SCRYPT_R, crypto.SCRYPT_P) == (15, 8, 1)
    blob = crypto.seal(b"{}", "a long enough passphrase")
    start = len(crypto.SEALED_MAGIC)
    assert blob[start:start + 4] == bytes([1, 15, 8, 1])
    assert crypto.unseal(blob, "a long enough passphrase") == b"{}"
    with pytest.raises(crypto.WrongPassphrase):
        crypto.unseal(blob, "another passphrase!")
    tampered = bytearray(blob)
    tampered[-1] ^= 1
    with pytest.raises(crypto.WrongPassphrase):
        crypto.unseal(bytes(tampered), "a long enough passphrase")


def test_merge_between_encrypted_and_plain(demo_path, cheap_kdf, tmp_path):
    plain = demo_path
    enc = tmp_path / "ana.db"
    shutil.copy(plain, enc)
    encrypt_project(enc, TEST_PASSPHRASE)
    run("themes", "add", "Lanterns", "--db", str(enc))
    with Project.open(plain) as p:  # the first turn's words, after its speaker label
        turn = p.turns(1)[0]
        start = body_start(p.source_text(1), turn)
        span = f"{start}:{min(start + 27, turn.end)}"
    run("code", "1", "--span", span, "--theme", "Lanterns", "--coder", "ana", "--db", str(enc))
    r = run("merge", str(enc), "--db", str(plain))
    assert "Lanterns" in run("themes", "list", "--db", str(plain), "--format", "json").stdout, r.stdout
    # and back: a plain project merged into an encrypted one.
    run("themes", "add", "Kettles", "--db", str(plain))
    run("merge", str(plain), "--db", str(enc))
    assert "Kettles" in run("themes", "list", "--db", str(enc), "--format", "json").stdout
    assert_no_plaintext(enc.read_bytes(), "the merged encrypted project")


def test_qdpx_between_encrypted_and_plain(demo_path, cheap_kdf, tmp_path):
    enc = tmp_path / "enc.db"
    shutil.copy(demo_path, enc)
    encrypt_project(enc, TEST_PASSPHRASE)
    out = tmp_path / "enc.qdpx"
    run("qdpx", "export", "--out", str(out), "--db", str(enc), "--allow-flagged", "--no-identifier-list")
    plain = tmp_path / "plain.db"
    run("qdpx", "import", str(out), "--init", "--db", str(plain))
    assert plain.read_bytes().startswith(b"SQLite format 3")
    n_plain = len(dump(plain))
    out2 = tmp_path / "plain.qdpx"
    run("qdpx", "export", "--out", str(out2), "--db", str(plain), "--allow-flagged", "--no-identifier-list")
    enc2 = tmp_path / "enc2.db"
    run("init", "--encrypt", "--codebook", "empty", "--db", str(enc2))
    run("qdpx", "import", str(out2), "--db", str(enc2))
    with Project.open(enc2) as a, Project.open(plain) as b:
        assert a.encrypted and not b.encrypted
        assert [s.title for s in a.sources()] == [s.title for s in b.sources()]
    assert n_plain > 0 and SAMPLES.exists()


def test_qdpx_import_init_encrypt_makes_an_encrypted_project(demo_path, cheap_kdf, tmp_path):
    out = tmp_path / "demo.qdpx"
    run("qdpx", "export", "--out", str(out), "--db", str(demo_path), "--allow-flagged",
        "--no-identifier-list")
    enc = tmp_path / "from-qdpx.db"
    r = run("qdpx", "import", str(out), "--init", "--encrypt", "--db", str(enc))
    assert "imported demo.qdpx" in r.stdout
    assert crypto.file_kind(enc) == "encrypted" and oct(enc.stat().st_mode & 0o777) == "0o600"
    with Project.open(demo_path) as plain, Project.open(enc) as p:
        assert p.encrypted
        titles = [s.title for s in plain.sources()]
        assert [s.title for s in p.sources()] == titles
        some_text = plain.source_text(plain.sources()[0].id)[:40]
        assert p.source_text(p.sources()[0].id)[:40] == some_text
    raw = enc.read_bytes()
    for needle in (*titles, some_text, "SQLite format 3", "CREATE TABLE"):
        assert needle.encode() not in raw, needle
    # --encrypt makes a new project only; a refusal is one line and changes nothing
    before = enc.read_bytes()
    r = run("qdpx", "import", str(out), "--init", "--encrypt", "--db", str(enc), ok=False)
    assert r.exit_code != 0 and "exists" in r.stderr and "vos-coder encrypt" in r.stderr
    assert r.stderr.count("\n") == 1 and enc.read_bytes() == before
    never = tmp_path / "never.db"
    r = run("qdpx", "import", str(out), "--encrypt", "--db", str(never), ok=False)
    assert r.exit_code != 0 and "--encrypt needs --init" in r.stderr and not never.exists()
    # a file that fails to import leaves no encrypted project behind either
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    r = run("qdpx", "import", str(bad), "--init", "--encrypt", "--db", str(never), ok=False)
    assert r.exit_code != 0 and not never.exists()
    assert not [f for f in tmp_path.iterdir() if f.name.startswith("never.db")]


def test_qdpx_import_init_encrypt_refuses_a_short_passphrase(demo_path, cheap_kdf, tmp_path,
                                                             monkeypatch):
    out = tmp_path / "demo.qdpx"
    run("qdpx", "export", "--out", str(out), "--db", str(demo_path), "--allow-flagged",
        "--no-identifier-list")
    monkeypatch.setenv("VOS_CODER_PASSPHRASE", "short")
    new = tmp_path / "short.db"
    r = run("qdpx", "import", str(out), "--init", "--encrypt", "--db", str(new), ok=False)
    assert r.exit_code != 0 and "too short" in r.stderr and not new.exists()


def test_an_altered_page_of_an_encrypted_project_is_named_damaged(tmp_path, cheap_kdf):
    """A page changed on disk fails SQLCipher's authentication: the CLI names the
    file damaged (also for a write after it, which SQLCipher refuses as read-only)."""
    db = make_secret_project(tmp_path)
    conn = open_raw(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = int(conn.execute("PRAGMA page_size").fetchone()[0])
    [(root,)] = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'themes'").fetchall()
    conn.close()
    raw = bytearray(db.read_bytes())
    raw[(root - 1) * page + 100] ^= 0x01  # one bit
    db.write_bytes(bytes(raw))
    for args in (["themes", "list"], ["themes", "add", "Another theme"]):
        r = run(*args, "--db", str(db), ok=False)
        assert r.exit_code not in (0, 70), (args, r.stderr)
        assert "is damaged" in r.stderr and "backup" in r.stderr, (args, r.stderr)
        assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert db.read_bytes() == bytes(raw)
