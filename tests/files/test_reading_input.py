"""Honest decoding and safe reading of input files: a UTF-8 transcript with a
stray byte stays UTF-8 (the bad bytes replaced, their lines named); a FIFO, a
device or a huge file is refused with one line, without blocking or reading it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from vos_coder.errors import ImportFailed
from vos_coder.importers import decode as decode_module
from vos_coder.importers import read_source
from vos_coder.importers.decode import decode, read_bytes

ALBANIAN = ("Interviewer: Ku e more ndihmën?\n"
            "Participant: Në shkollë, psikologja më dëgjoi.\n"
            "Interviewer: Po më pas?\n"
            "Participant: Ëmbëlsisht, çdo javë, deri në verë.\n"
            "Interviewer: Faleminderit.\n")


def _with_stray_bytes(text: str, stray: dict[int, bytes]) -> bytes:
    """The text as UTF-8 with a stray byte at the end of some lines (1-based)."""
    lines = text.split("\n")
    for n, b in stray.items():
        lines[n - 1] = lines[n - 1].encode("utf-8").decode("utf-8") + "\x00" + b.hex()
    out = "\n".join(lines).encode("utf-8")
    for b in stray.values():
        out = out.replace(b"\x00" + b.hex().encode(), b)
    return out


def test_a_few_bad_bytes_in_utf8_are_replaced_and_their_lines_named():
    data = _with_stray_bytes(ALBANIAN, {2: b"\x92", 4: b"\xe9"})
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text, warnings = decode(data, "VoS-AL-04.txt")
    assert text == ALBANIAN.replace("dëgjoi.\n", "dëgjoi.\ufffd\n").replace("verë.\n", "verë.\ufffd\n")
    assert "shkollë" in text and "Ă«" not in text and "Ã«" not in text
    assert warnings == [("VoS-AL-04.txt: 2 bytes that are not UTF-8 were replaced by \ufffd on "
                         "lines 2 and 4; the rest is read as UTF-8 (check those lines against "
                         "the original)")]


def test_one_bad_byte_is_named_by_its_line():
    text, warnings = decode(_with_stray_bytes(ALBANIAN, {5: b"\xff"}), "a.txt")
    assert text.count("\ufffd") == 1 and text.count("ë") == ALBANIAN.count("ë")
    assert "1 byte that is not UTF-8 was replaced" in warnings[0] and "on line 5;" in warnings[0]


@pytest.mark.parametrize("encoding", ["cp1250", "cp1252"])
def test_a_file_wholly_in_a_code_page_is_still_read_as_the_code_page(encoding):
    text, warnings = decode(ALBANIAN.encode(encoding), "a.txt")
    assert text == ALBANIAN
    assert warnings[0].startswith("a.txt: not UTF-8; read as cp125")


def test_pseudonymised_import_of_a_mostly_utf8_file_keeps_its_letters(tmp_path):
    path = tmp_path / "VoS-AL-04.txt"
    path.write_bytes(_with_stray_bytes(ALBANIAN, {3: b"\x81"}))
    parsed = read_source(path)
    assert "Në shkollë, psikologja më dëgjoi." in parsed.text
    assert "line 3" in parsed.warnings[0]


def test_a_fifo_is_refused_at_once_without_blocking(tmp_path):
    fifo = tmp_path / "VoS-AL-04.txt"
    os.mkfifo(fifo)
    # In a child with a timeout: a blocking open() would hang the test run.
    code = ("import sys; from vos_coder.importers import read_source\n"
            "from vos_coder.errors import ImportFailed\n"
            "try: read_source(sys.argv[1])\n"
            "except ImportFailed as e: print(e)\n")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    out = subprocess.run([sys.executable, "-c", code, str(fifo)], capture_output=True, text=True,
                         timeout=60, env=env, check=False).stdout
    assert out == ("VoS-AL-04.txt: is a named pipe (FIFO), not a regular file; vos-coder reads "
                   "only files saved on disk\n")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_devices_are_refused_without_reading_them(device):
    if not os.path.exists(device):
        pytest.skip(f"{device} does not exist here")
    with pytest.raises(ImportFailed, match=r"is a device, not a regular file"):
        read_bytes(Path(device))


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "VoS-AL-04.txt"
    with open(path, "wb") as fh:  # sparse: 3 GB on paper, nothing on disk
        fh.truncate(3 * 1024 ** 3)
    read = []
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: read.append(a) or (_ for _ in ()).throw(
        AssertionError("opened a file that is too big")))
    with pytest.raises(ImportFailed) as exc:
        read_source(path)
    assert str(exc.value) == ("VoS-AL-04.txt: is 3072 MB; vos-coder reads files up to 128 MB; "
                              "split it or check that it is the right file")
    assert read == []


def test_the_limit_is_a_limit_on_what_is_read(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 1000)
    assert read_bytes(path, limit=1000) == b"x" * 1000
    with pytest.raises(ImportFailed, match="is 1000 bytes; vos-coder reads files up to 999 bytes"):
        read_bytes(path, limit=999)
    monkeypatch.setattr(decode_module, "MAX_BYTES", 10)
    with pytest.raises(ImportFailed, match="up to 10 bytes"):
        read_source(path)


def _growing(path, extra: bytes, monkeypatch):
    """Make ``path`` grow by ``extra`` between the size check and the read."""
    real_fstat = os.fstat

    def fstat(fd):
        st = real_fstat(fd)
        with open(path, "ab") as fh:
            fh.write(extra)
        return st

    monkeypatch.setattr(decode_module.os, "fstat", fstat)


def test_a_file_that_grows_while_it_is_read_is_read_whole(tmp_path, monkeypatch):
    """The read takes the size the file has, plus one byte to see whether it
    grew; if it did, the rest is read too, up to the limit."""
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    _growing(path, b"y" * 50, monkeypatch)
    assert read_bytes(path, limit=1000) == b"x" * 100 + b"y" * 50


def test_a_file_that_grows_past_the_limit_while_it_is_read_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    _growing(path, b"y" * 1000, monkeypatch)
    with pytest.raises(ImportFailed, match="a.txt: is larger than 1000 bytes"):
        read_bytes(path, limit=1000)


def test_a_transcript_is_read_without_reserving_the_limit(tmp_path, monkeypatch):
    """Each file's read asks for its own size plus one byte, not the 128 MB
    limit (which cost every file of a folder a fresh 128 MB mapping)."""
    import io

    path = tmp_path / "VoS-AL-04.txt"
    path.write_bytes(b"Participant: yes.\n" * 100)
    asked = []
    real_read = io.BufferedReader.read

    class Reader(io.BufferedReader):
        def read(self, n=-1):
            asked.append(n)
            return real_read(self, n)

    real_fdopen = os.fdopen
    monkeypatch.setattr(decode_module.os, "fdopen",
                        lambda fd, mode: Reader(real_fdopen(fd, mode, buffering=0)))
    assert read_bytes(path) == path.read_bytes()
    assert asked == [path.stat().st_size + 1]


def test_the_cli_refuses_a_fifo_and_a_device_with_one_line_each(tmp_path):
    from tests.cli.conftest import Cli

    cli = Cli(tmp_path / "p.db")
    cli("init")
    fifo = tmp_path / "VoS-AL-05.txt"
    os.mkfifo(fifo)
    zero = tmp_path / "VoS-AL-06.txt"
    zero.symlink_to("/dev/zero")  # a transcript name pointing at an endless device
    r = cli("import", fifo, zero, ok=False)
    assert r.exit_code != 0
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert any("VoS-AL-05.txt: is a named pipe (FIFO)" in line for line in lines), r.stderr
    assert any("VoS-AL-06.txt: is a device" in line for line in lines), r.stderr
    assert "Traceback" not in r.output + r.stderr
    assert cli.rows("SELECT count(*) FROM sources") == [(0,)]


def test_one_valid_dash_and_one_stray_byte_is_utf8_not_a_code_page():
    data = "Participant: I went to the centre \u2014 it helped.".encode() + b"\xff\n"
    text, warnings = decode(data, "a.txt")
    assert text == "Participant: I went to the centre \u2014 it helped.\ufffd\n"
    assert "on line 1;" in warnings[0]


def test_a_plain_ascii_file_with_one_stray_byte_gives_the_byte_its_code_page_meaning():
    text, warnings = decode(b"Participant: it\x92s fine.\n", "a.txt")
    assert text == "Participant: it\u2019s fine.\n" and "read as cp125" in warnings[0]
