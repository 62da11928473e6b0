"""The key file: identifier lists (and, only when asked, the placeholder ->
original mapping), kept beside the project but never inside it.

Format: JSON, written atomically (temporary file + rename) with mode 0600.
The key file of an encrypted project is sealed with the project's passphrase
(AES-256-GCM, key from scrypt; see store/crypto.py): the bytes on disk are
the sealed JSON, nothing readable. read_key_bytes / write_key_bytes are the
only code that touches the bytes; the entries logic above them is unaware.
Why JSON rather than SQLite: the key file is small (tens to hundreds of
entries), the lead may want to read or diff it, and above all SQLite would
leave -wal/-shm/-journal side files holding identifiers next to it, each with
its own permissions to police. One JSON file is one file to guard and delete.

Layout::

    {"format": "vos-coder-key", "version": 1, "secret": "<64 hex digits>",
     "identifiers": [{"participant": "" | "VoS-AL-01", "kind": "person",
                      "value": "Ardita Hoxha", "placeholder": "[NAME-1]"}, ...],
     "mapping": {"[NAME-1]": ["Ardita", "Arditës"], ...},
     "mapping_owners": {"[NAME-1]": {"Ardita": ["VoS-AL-01"], ...}, ...}}

An empty ``participant`` means a project-wide identifier.

The ``secret`` keys every fingerprint the project stores (hit ids, dismissed
hits, override rows in the audit log): an HMAC-SHA256, so that whoever holds
the project file but not the key cannot test a list of names against them,
and two projects holding the same text give different ids. It is made when
the key file is created; a key file written before it existed gets one the
first time it is read.

Finding the key file (``resolve_key_path``): ``--key PATH``, else the
environment variable ``VOS_CODER_KEY``, else ``<project>.key`` beside the
project file.

``mapping_owners`` (present once a mapping was saved) says in whose transcript
each original was found, so that withdrawing a participant removes exactly
their entries.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

from vos_coder.core.text import fold
from vos_coder.errors import InvalidInput, ProjectError


class KeyMissing(ProjectError):
    """The identifier list could not be found or read, so nothing can be
    checked fully (exit status 3: "could not check")."""

    exit_code = 3

KINDS = ("person", "place", "school", "organisation", "other")
KEY_ENV = "VOS_CODER_KEY"
_BASE_PLACEHOLDER = {"person": "NAME", "place": "TOWN", "school": "SCHOOL",
                     "organisation": "ORGANISATION", "other": "REDACTED"}


@dataclass(frozen=True)
class Identifier:
    """One value that could identify someone, and what replaces it."""

    participant: str  # "" = project-wide
    kind: str
    value: str
    placeholder: str


@dataclass
class KeyFile:
    """The identifier lists of one project, read from / written to a path."""

    path: Path
    identifiers: list[Identifier] = field(default_factory=list)
    mapping: dict[str, list[str]] = field(default_factory=dict)
    secret: str = field(default_factory=lambda: secrets.token_hex(32), repr=False)
    #: Set for the key file of an encrypted project: save() seals it with this.
    passphrase: str | None = field(default=None, repr=False, compare=False)
    # placeholder -> original -> the participants in whose text it was found
    # (so that a withdrawal can remove exactly their entries)
    mapping_owners: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def keyed_id(self, *parts: object, length: int = 16) -> str:
        """An id for ``parts`` that only the holder of this key file can
        recompute: HMAC-SHA256 with the key's secret, as hex."""
        return keyed_id(self.secret, *parts, length=length)

    # -- placeholders ---------------------------------------------------------
    def placeholder_for(self, kind: str, value: str) -> str:
        """The placeholder an identifier gets: the same value keeps its
        placeholder; each new person gets the next ``[NAME-n]``; a place is
        ``[TOWN]``, a school ``[SCHOOL]`` (numbered from the second one on)."""
        for ident in self.identifiers:
            if ident.kind == kind and fold(ident.value) == fold(value):
                return ident.placeholder
        base = _BASE_PLACEHOLDER[kind]
        used = {i.placeholder for i in self.identifiers}
        if kind == "person":
            n = 1
            while f"[{base}-{n}]" in used:
                n += 1
            return f"[{base}-{n}]"
        if f"[{base}]" not in used:
            return f"[{base}]"
        n = 2
        while f"[{base}-{n}]" in used:
            n += 1
        return f"[{base}-{n}]"

    def add(self, kind: str, value: str, participant: str = "",
            replacement: str | None = None) -> Identifier:
        """Add one identifier (a duplicate returns the existing entry)."""
        kind = kind.strip().lower()
        if kind not in KINDS:
            raise InvalidInput(f"unknown identifier kind {kind!r}; choose one of {', '.join(KINDS)}")
        value = unicodedata.normalize("NFC", " ".join(value.split()))
        if len(value) < 2:
            raise InvalidInput("an identifier needs at least 2 characters")
        participant = participant.strip()
        for ident in self.identifiers:
            if (ident.participant, ident.kind, fold(ident.value)) == (participant, kind, fold(value)):
                return ident
        placeholder = (replacement or "").strip() or self.placeholder_for(kind, value)
        ident = Identifier(participant, kind, value, placeholder)
        self.identifiers.append(ident)
        return ident

    def for_participant(self, pid: str | None = None) -> list[Identifier]:
        """Project-wide identifiers plus those of one participant (all when None)."""
        if pid is None:
            return list(self.identifiers)
        return [i for i in self.identifiers if i.participant in ("", pid)]

    def remember(self, placeholder: str, original: str, participant: str = "") -> None:
        """Record placeholder -> original (only called when the user asks), and
        in whose text it was found."""
        seen = self.mapping.setdefault(placeholder, [])
        if original not in seen:
            seen.append(original)
        if participant:
            owners = self.mapping_owners.setdefault(placeholder, {}).setdefault(original, [])
            if participant not in owners:
                owners.append(participant)

    def forget(self, pid: str) -> dict[str, int]:
        """Remove a withdrawn participant: their identifiers, and every mapping
        entry found only in their text. An entry written before vos-coder
        recorded whose it is goes when its placeholder was only theirs; one
        shared with others stays and is counted as ``unattributed``."""
        theirs = [i for i in self.identifiers if i.participant == pid]
        self.identifiers = [i for i in self.identifiers if i.participant != pid]
        still_used = {i.placeholder for i in self.identifiers}
        only_theirs = {i.placeholder for i in theirs} - still_used
        removed = unattributed = 0
        for placeholder in list(self.mapping):
            owners = self.mapping_owners.get(placeholder, {})
            kept = []
            for original in self.mapping[placeholder]:
                who = owners.get(original)
                if who is not None:
                    if pid in who:
                        who.remove(pid)
                    if not who:
                        owners.pop(original, None)
                        removed += 1
                        continue
                elif placeholder in only_theirs:
                    removed += 1
                    continue
                else:
                    unattributed += 1
                kept.append(original)
            if kept:
                self.mapping[placeholder] = kept
            else:
                del self.mapping[placeholder]
            if not owners:
                self.mapping_owners.pop(placeholder, None)
        return {"identifiers": len(theirs), "mapping entries": removed,
                "unattributed": unattributed}

    # -- files ----------------------------------------------------------------
    def save(self) -> None:
        """Write atomically, readable and writable by the owner only."""
        data = {"format": "vos-coder-key", "version": 1, "secret": self.secret,
                "identifiers": [asdict(i) for i in self.identifiers], "mapping": self.mapping}
        if self.mapping_owners:
            data["mapping_owners"] = self.mapping_owners
        write_key_bytes(self.path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"),
                        self.passphrase)

    def import_csv(self, csv_path: Path) -> int:
        """Add identifiers from a CSV with columns participant, kind, value and
        optionally replacement. All rows are checked before any is added."""
        try:
            with open(csv_path, encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.DictReader(fh))
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"cannot read {csv_path}: {exc}") from None
        if not rows:
            raise InvalidInput(f"{csv_path.name}: no rows; expected columns participant, kind, value")
        missing = {"kind", "value"} - set(rows[0].keys())
        if missing:
            raise InvalidInput(f"{csv_path.name}: missing column(s) {', '.join(sorted(missing))}; "
                               "expected participant, kind, value[, replacement]")
        staged = KeyFile(self.path, list(self.identifiers))  # add() reads only the identifiers
        before = len(staged.identifiers)
        for n, row in enumerate(rows, start=2):
            try:
                staged.add(row.get("kind") or "", row.get("value") or "",
                           row.get("participant") or "", row.get("replacement"))
            except InvalidInput as exc:
                raise InvalidInput(f"{csv_path.name} line {n}: {exc.message}") from None
        self.identifiers = staged.identifiers
        return len(self.identifiers) - before


def keyed_id(secret: str, *parts: object, length: int = 16) -> str:
    """HMAC-SHA256 of the parts (joined by a unit separator) under ``secret``."""
    msg = "\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8")
    return hmac.new(bytes.fromhex(secret), msg, hashlib.sha256).hexdigest()[:length]


def default_key_path(db: Path) -> Path:
    """``$VOS_CODER_KEY`` if set, else ``<project>.key`` beside the project file."""
    env = os.environ.get(KEY_ENV)
    if env:
        return Path(env)
    return beside(db)


def beside(db: Path) -> Path:
    """``<project>.key``: the key file's place beside the project file."""
    return Path(db).with_suffix(".key")  # "study" -> "study.key" as well


def resolve_key_path(db: Path, key: Path | None = None) -> Path:
    """The key file to use: ``key`` (--key) if given, else ``$VOS_CODER_KEY``,
    else ``<project>.key`` beside the project."""
    return Path(key) if key is not None else default_key_path(Path(db))


def missing_key_message(path: Path) -> str:
    """One line: which key file was looked for and how to point to one."""
    return (f"no identifier list: the key file {path} does not exist; point to it with "
            f"--key PATH or the environment variable {KEY_ENV}")


def require_key(db: Path, key: Path | None = None) -> KeyFile:
    """The project's key file, or KeyMissing naming the path looked for."""
    path = resolve_key_path(db, key)
    if not path.is_file():
        raise KeyMissing(missing_key_message(path))
    kf = load_key(path)
    assert kf is not None
    return kf


def create_key(db: Path, passphrase: str | None = None) -> Path | None:
    """Write an empty key file (with its secret) beside a new project, unless
    one is already there (it may hold the lists of an earlier project of the
    same name: it is kept). Sealed with ``passphrase`` for an encrypted
    project. Returns the path written, or None."""
    path = beside(db)
    if path.exists():
        return None
    KeyFile(path, passphrase=passphrase).save()
    return path


def load_key(path: Path, must_exist: bool = False) -> KeyFile | None:
    """Read a key file; None when it is absent (or an error when it must exist).
    A key file without a secret (written by an earlier version) gets one now."""
    if not path.exists():
        if must_exist:
            raise KeyMissing(f"no key file at {path}; add identifiers with: "
                             f"vos-coder identifiers add --key {path} ...")
        return None
    raw, passphrase = read_key_bytes(path)
    try:
        data = json.loads(raw.decode("utf-8"))
        if data.get("format") != "vos-coder-key":
            raise ValueError("not a vos-coder key file")
        idents = [Identifier(d.get("participant", ""), d["kind"], d["value"], d["placeholder"])
                  for d in data.get("identifiers", [])]
        mapping = {k: list(v) for k, v in data.get("mapping", {}).items()}
        secret = data.get("secret")
        if secret is not None and (not isinstance(secret, str) or len(bytes.fromhex(secret)) < 16):
            raise ValueError("its secret is damaged")
        owners = {k: {o: list(w) for o, w in v.items()}
                  for k, v in data.get("mapping_owners", {}).items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeyMissing(f"{path} is not a readable vos-coder key file ({exc})") from None
    if secret is None:
        kf = KeyFile(path, idents, mapping, passphrase=passphrase, mapping_owners=owners)
        kf.save()
        return kf
    return KeyFile(path, idents, mapping, secret, passphrase, mapping_owners=owners)


def open_key(path: Path, passphrase: str | None = None) -> KeyFile:
    """The key file at path, or a new empty one (not yet written; sealed with
    ``passphrase`` when given: pass the project's for an encrypted project)."""
    return load_key(path) or KeyFile(path, passphrase=passphrase)


# -- bytes on disk ---------------------------------------------------------------------
def read_key_bytes(path: Path) -> tuple[bytes, str | None]:
    """The key file's JSON bytes and the passphrase that unsealed them (None: plain)."""
    from vos_coder.store import crypto

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise KeyMissing(f"cannot read the key file {path}: {exc.strerror}") from None
    if not crypto.is_sealed(raw):
        return raw, None
    return crypto.unseal_asking(raw, f"the key file {path}")


def write_key_bytes(path: Path, data: bytes, passphrase: str | None) -> None:
    """Write atomically (temporary file + rename), 0600, sealed when a passphrase is given.

    The file it replaces is overwritten with zeros in place afterwards (same
    inode, synced), so the names a purge or a removal took out of the key
    file do not stay readable in its old blocks. Only when no other name
    links to the old file, and best effort: on a copy-on-write file system or
    an SSD the device may keep old blocks elsewhere."""
    from vos_coder.store import crypto

    if passphrase:
        data = crypto.seal(data, passphrase)
    tmp = path.with_name(path.name + ".tmp")
    old = _open_old(path)
    try:
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
        if old is not None:
            _zero_unlinked(old)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ProjectError(f"cannot write the key file {path}: {exc.strerror}") from None
    finally:
        if old is not None:
            os.close(old)


def _open_old(path: Path) -> int | None:
    """The key file about to be replaced, opened for writing (not a symlink), or None."""
    try:
        return os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None


def _zero_unlinked(fd: int) -> None:
    """Overwrite a replaced key file's bytes with zeros, in place, if no name links to it."""
    st = os.fstat(fd)
    if st.st_nlink != 0 or not st.st_size:
        return  # another name (a hard link) still shows these bytes: they are not ours to wipe
    zeros = bytes(min(st.st_size, 1 << 16))
    os.lseek(fd, 0, os.SEEK_SET)
    left = st.st_size
    while left:
        left -= os.write(fd, zeros[:left])
    os.fsync(fd)
