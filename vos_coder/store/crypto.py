"""Encryption at rest: where passphrases come from, how keys are derived, and
sealed (encrypted and authenticated) small files such as the key file.

- A passphrase comes from ``VOS_CODER_PASSPHRASE`` (scripts) or from the
  prompt the face installed with :func:`set_prompt` (a hidden prompt in the
  CLI, a dialog in the workbench); never from a command-line argument. A
  passphrase that opened something is remembered for the rest of the process,
  so one command asks once, and the workbench's worker threads never ask.
- Keys are derived with scrypt (RFC 7914, memory-hard) from the
  ``cryptography`` package: a project's SQLCipher key from the passphrase and
  the 16-byte salt SQLCipher keeps in the file's first bytes, handed over as
  a raw key; a sealed file's key from its own salt. One derivation per salt
  per process (cached), so a worker thread's connection opens instantly.
- Sealed files are AES-256-GCM from ``cryptography``; the header (format,
  scrypt parameters, salt, nonce) is authenticated too. Nothing here invents
  cryptography: it wires a maintained library's primitives together.

``cryptography`` is imported only when something is encrypted or decrypted:
it costs about a tenth of a second, which plain projects never pay.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vos_coder.errors import ProjectError

PASSPHRASE_ENV = "VOS_CODER_PASSPHRASE"
SQLITE_MAGIC = b"SQLite format 3\x00"
SALT_BYTES = 16
KEY_BYTES = 32
MIN_PASSPHRASE = 8

# scrypt cost: 2**15 x 8 x 128 bytes = 32 MiB of memory per guess, about a
# quarter of a second on a laptop. Stored with each sealed file; a project's
# SQLCipher key always uses these values.
SCRYPT_LOG2_N = 15
SCRYPT_R = 8
SCRYPT_P = 1

SEALED_MAGIC = b"VOS-CODER-SEALED"
_SEALED_VERSION = 1
_NONCE_BYTES = 12

#: (what is being opened, whether to ask twice for a new passphrase) -> passphrase or None.
Prompt = Callable[[str, bool], "str | None"]

_prompt: Prompt | None = None
_known: list[str] = []
_derived: dict[tuple[str, bytes, int, int, int], bytes] = {}


class WrongPassphrase(ProjectError):
    """The passphrase does not open this file. Nothing was changed."""


@dataclass(frozen=True)
class Cipher:
    """How one encrypted project is opened: the passphrase and its derived key."""

    passphrase: str
    salt: bytes
    key: bytes

    @property
    def pragma_value(self) -> str:
        """SQLCipher's raw key with salt, quoted for ``PRAGMA key =`` / ``ATTACH ... KEY``."""
        return f"\"x'{self.key.hex()}{self.salt.hex()}'\""


# -- passphrases --------------------------------------------------------------------------
def set_prompt(prompt: Prompt | None) -> None:
    """Install how this process asks for a passphrase (None: never ask)."""
    global _prompt
    _prompt = prompt


def remember(passphrase: str) -> None:
    if passphrase and passphrase not in _known:
        _known.append(passphrase)


def forget_all() -> None:
    """Drop remembered passphrases and derived keys (tests; end of a session)."""
    _known.clear()
    _derived.clear()
    set_prompt(None)


def known() -> list[str]:
    """The passphrases to try before asking: the environment's, then remembered ones."""
    env = os.environ.get(PASSPHRASE_ENV)
    return ([env] if env else []) + [p for p in _known if p != env]


def from_env() -> bool:
    return bool(os.environ.get(PASSPHRASE_ENV))


def ask(what: str) -> str:
    """Ask once for the passphrase of ``what`` (a file), or say how to give one."""
    answer = _prompt(what, False) if _prompt else None
    if answer is None:
        raise ProjectError(f"{what} is encrypted; give its passphrase in {PASSPHRASE_ENV} "
                           "or run the command in a terminal to be asked")
    return answer


def new_passphrase(what: str) -> str:
    """The passphrase for a file about to be encrypted: the environment's, or asked twice."""
    passphrase = os.environ.get(PASSPHRASE_ENV)
    if not passphrase:
        passphrase = _prompt(what, True) if _prompt else None
        if passphrase is None:
            raise ProjectError(f"encrypting {what} needs a passphrase; set {PASSPHRASE_ENV} "
                               "or run the command in a terminal to be asked")
    if len(passphrase) < MIN_PASSPHRASE:
        raise ProjectError(f"the passphrase is too short; use at least {MIN_PASSPHRASE} "
                           "characters (a few words are easier to remember)")
    remember(passphrase)
    return passphrase


# -- keys ---------------------------------------------------------------------------------
def derive(passphrase: str, salt: bytes, log2_n: int | None = None, r: int = SCRYPT_R,
           p: int = SCRYPT_P) -> bytes:
    """A 256-bit key from a passphrase with scrypt (cached per process)."""
    log2_n = SCRYPT_LOG2_N if log2_n is None else log2_n
    slot = (passphrase, salt, log2_n, r, p)
    if slot not in _derived:
        from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

        kdf = Scrypt(salt=salt, length=KEY_BYTES, n=2**log2_n, r=r, p=p)
        _derived[slot] = kdf.derive(passphrase.encode("utf-8"))
    return _derived[slot]


def new_cipher(passphrase: str) -> Cipher:
    salt = os.urandom(SALT_BYTES)
    return Cipher(passphrase, salt, derive(passphrase, salt))


def cipher_for(passphrase: str, salt: bytes) -> Cipher:
    return Cipher(passphrase, salt, derive(passphrase, salt))


# -- what a file is -----------------------------------------------------------------------
def file_kind(path: Path) -> str:
    """``"sqlite"``, ``"encrypted"`` (or at least: could be), ``"empty"`` or a
    short description of what else the file is. Reads the first bytes only."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(64)
    except OSError as exc:
        raise ProjectError(f"cannot read {path}: {exc.strerror}") from None
    if size == 0:
        return "empty"
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    # An SQLCipher file is whole pages (512..65536 bytes each) of random-looking bytes.
    printable = sum(32 <= b < 127 or b in (9, 10, 13) for b in head[:SALT_BYTES])
    if size % 512 == 0 and printable < SALT_BYTES:
        return "encrypted"
    if head.startswith(b"PK\x03\x04"):
        return "a zip archive (a .docx or .qdpx file?)"
    if head.startswith(SEALED_MAGIC):
        return "a vos-coder key file"
    if printable == len(head[:SALT_BYTES]):
        return "a text file"
    return "neither an SQLite database nor an encrypted project"


# -- sealed files -------------------------------------------------------------------------
def is_sealed(blob: bytes) -> bool:
    return blob.startswith(SEALED_MAGIC)


def seal(data: bytes, passphrase: str, salt: bytes | None = None) -> bytes:
    """Encrypt and authenticate ``data`` with a key derived from ``passphrase``.
    Layout: magic, version, log2(n), r, p, salt, nonce, AES-GCM ciphertext+tag."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt = salt or os.urandom(SALT_BYTES)
    header = (SEALED_MAGIC + bytes([_SEALED_VERSION, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P])
              + salt + os.urandom(_NONCE_BYTES))
    key = derive(passphrase, salt)
    return header + AESGCM(key).encrypt(header[-_NONCE_BYTES:], data, header)


def sealed_salt(blob: bytes) -> bytes:
    start = len(SEALED_MAGIC) + 4
    return blob[start:start + SALT_BYTES]


def unseal(blob: bytes, passphrase: str, what: str = "the file") -> bytes:
    """The plaintext of a sealed blob; WrongPassphrase when it does not open."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    start = len(SEALED_MAGIC)
    head_len = start + 4 + SALT_BYTES + _NONCE_BYTES
    if not is_sealed(blob) or len(blob) < head_len + 16:
        raise ProjectError(f"{what} is damaged or not a sealed vos-coder file")
    version, log2_n, r, p = blob[start:start + 4]
    if version != _SEALED_VERSION or not (10 <= log2_n <= 22 and 1 <= r <= 32 and 1 <= p <= 16):
        raise ProjectError(f"{what} was sealed by a newer vos-coder or is damaged")
    header = blob[:head_len]
    key = derive(passphrase, sealed_salt(blob), log2_n, r, p)
    try:
        return AESGCM(key).decrypt(header[-_NONCE_BYTES:], blob[head_len:], header)
    except InvalidTag:
        raise WrongPassphrase(f"wrong passphrase for {what} (or the file was altered); "
                              "nothing was changed") from None


def unseal_asking(blob: bytes, what: str) -> tuple[bytes, str]:
    """Open a sealed blob with a known passphrase, else ask once. Returns
    (plaintext, the passphrase that opened it)."""
    for passphrase in known():
        try:
            return unseal(blob, passphrase, what), passphrase
        except WrongPassphrase:
            continue
    if from_env():
        raise WrongPassphrase(f"the passphrase in {PASSPHRASE_ENV} does not open {what}; "
                              "nothing was changed")
    passphrase = ask(what)
    data = unseal(blob, passphrase, what)
    remember(passphrase)
    return data, passphrase
