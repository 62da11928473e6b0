"""A .qdpx is untrusted: every hostile archive is refused with one clear
ImportFailed line, and the project is left exactly as it was."""

from __future__ import annotations

import stat
import zipfile

import pytest

from tests.refi.conftest import dump, make_qdpx, qde
from vos_coder.errors import ImportFailed
from vos_coder.refi import import_qdpx
from vos_coder.refi.archive import Limits, QdpxArchive

GOOD_BODY = ('<Sources><TextSource guid="11111111-1111-1111-1111-111111111111" name="A" '
             'plainTextPath="internal://a.txt"/></Sources>')


def _refused(project, path, *fragments: str) -> str:
    before = dump(project.path)
    with pytest.raises(ImportFailed) as info:
        import_qdpx(project, path)
    message = str(info.value)
    assert "\n" not in message
    for f in fragments:
        assert f in message, message
    assert dump(project.path) == before  # nothing stored
    return message


def test_zip_slip_entry_is_refused(project, tmp_path):
    path = make_qdpx(tmp_path / "slip.qdpx", qde(GOOD_BODY), {"a.txt": b"Hello there."},
                     raw_entries=[("../../evil.txt", b"x")])
    _refused(project, path, "zip slip", "../../evil.txt")
    assert not (tmp_path.parent / "evil.txt").exists()


@pytest.mark.parametrize("name", ["/etc/cron.d/x", "sources/../../x", "C:/x.txt", "sources\\..\\x"])
def test_other_escaping_names_are_refused(project, tmp_path, name):
    path = make_qdpx(tmp_path / "slip.qdpx", qde(GOOD_BODY), {"a.txt": b"Hello."},
                     raw_entries=[(name, b"x")])
    _refused(project, path, "outside the archive")


def test_plain_text_path_escaping_sources_is_refused(project, tmp_path):
    body = GOOD_BODY.replace("internal://a.txt", "internal://../../project.qde")
    path = make_qdpx(tmp_path / "p.qdpx", qde(body), {"a.txt": b"Hello."})
    _refused(project, path, "outside the archive")


def test_external_paths_are_never_read(project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("a local file the archive names")
    body = GOOD_BODY.replace("internal://a.txt", f"absolute://{secret}")
    path = make_qdpx(tmp_path / "p.qdpx", qde(body))
    summary = import_qdpx(project, path)
    assert summary.sources == 0
    assert any("not in the archive" in s for s in summary.skipped)


def test_symlink_entry_is_refused(project, tmp_path):
    path = tmp_path / "link.qdpx"
    make_qdpx(path, qde(GOOD_BODY), {"a.txt": b"Hello."})
    with zipfile.ZipFile(path, "a") as z:
        info = zipfile.ZipInfo("sources/b.txt")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(info, "/etc/passwd")
    _refused(project, path, "symbolic link")


def test_zip_bomb_by_ratio_is_refused(project, tmp_path):
    bomb = b"\0" * (24 * 1024 * 1024)  # 24 MiB of zeros deflate to ~24 KiB: ratio ~1000
    path = make_qdpx(tmp_path / "bomb.qdpx", qde(GOOD_BODY), {"a.txt": bomb})
    _refused(project, path, "zip bomb")


def test_zip_bomb_by_size_is_refused_while_reading(tmp_path):
    path = make_qdpx(tmp_path / "big.qdpx", qde(GOOD_BODY), {"a.txt": b"word " * 300_000})
    with QdpxArchive(path, Limits(max_file=1024 * 1024)) as archive, \
            pytest.raises(ImportFailed, match="zip bomb"):
        archive.read("sources/a.txt")
    with QdpxArchive(path, Limits(max_total=1024 * 1024)) as archive, \
            pytest.raises(ImportFailed, match="expands beyond 1 MiB"):
        archive.read("sources/a.txt")


def test_lying_header_sizes_do_not_help_a_bomb(tmp_path):
    """Sizes are counted while reading: a header claiming a small file changes nothing."""
    path = make_qdpx(tmp_path / "liar.qdpx", qde(GOOD_BODY), {"a.txt": b"\0" * (4 * 1024 * 1024)})
    with QdpxArchive(path, Limits(max_file=1024 * 1024)) as archive:
        archive._names["sources/a.txt"].file_size = 10
        with pytest.raises(ImportFailed):
            archive.read("sources/a.txt")


def test_not_a_zip_is_refused(project, tmp_path):
    path = tmp_path / "fake.qdpx"
    path.write_bytes(b"%PDF-1.7 this is not a zip at all")
    _refused(project, path, "fake.qdpx is not a .qdpx file")


def test_missing_file_and_directory(project, tmp_path):
    _refused(project, tmp_path / "absent.qdpx", "no such file")
    _refused(project, tmp_path, "is a directory")


def test_missing_project_qde_is_refused(project, tmp_path):
    path = tmp_path / "empty.qdpx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("sources/a.txt", "Hello.")
    _refused(project, path, "holds no project.qde")


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&xxe;"/>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol3;"/>"""
DTD_ONLY = b"""<?xml version="1.0"?>
<!DOCTYPE Project SYSTEM "http://example.invalid/project.dtd">
<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>"""


@pytest.mark.parametrize("xml", [XXE, LAUGHS, DTD_ONLY], ids=["external-entity", "billion-laughs",
                                                               "external-dtd"])
def test_dtds_and_entities_are_refused(project, tmp_path, xml):
    path = make_qdpx(tmp_path / "xxe.qdpx", xml)
    _refused(project, path, "DTD", "refused")


def test_malformed_xml_is_refused(project, tmp_path):
    path = make_qdpx(tmp_path / "bad.qdpx", b"<Project xmlns='urn:QDA-XML:project:1.0'><Users>")
    _refused(project, path, "not well-formed XML")


def test_wrong_root_and_bad_numbers_are_refused(project, tmp_path):
    path = make_qdpx(tmp_path / "root.qdpx", b"<html><body/></html>")
    _refused(project, path, "not a REFI-QDA project", "<html>")
    body = GOOD_BODY.replace("/></Sources>", '><PlainTextSelection guid="22222222-2222-2222-2222-'
                             '222222222222" startPosition="one" endPosition="4"/></TextSource>'
                             "</Sources>")
    path = make_qdpx(tmp_path / "num.qdpx", qde(body), {"a.txt": b"Hello."})
    _refused(project, path, "startPosition='one' is not a whole number")


def test_non_utf8_plain_text_is_refused(project, tmp_path):
    path = make_qdpx(tmp_path / "latin1.qdpx", qde(GOOD_BODY), {"a.txt": "Korçë".encode("latin-1")})
    _refused(project, path, "not UTF-8")


def test_a_failure_late_in_the_import_rolls_everything_back(project, tmp_path):
    """Themes and sources come first; a withdrawn case at the end undoes them all."""
    project.ensure_participant("VoS-AL-09")
    with project.transaction():
        project.db.execute("UPDATE participants SET consent = 'withdrawn' WHERE pid = 'VoS-AL-09'")
    body = ('<CodeBook><Codes><Code guid="33333333-3333-3333-3333-333333333333" name="New code" '
            'isCodable="true"/></Codes></CodeBook>'
            '<Variables><Variable guid="44444444-4444-4444-4444-444444444444" name="age" '
            'typeOfVariable="Text"/></Variables>'
            '<Cases><Case guid="55555555-5555-5555-5555-555555555555" name="VoS-AL-01"/>'
            '<Case guid="66666666-6666-6666-6666-666666666666" name="VoS-AL-09"/></Cases>')
    path = make_qdpx(tmp_path / "late.qdpx", qde(body))
    _refused(project, path, "withdrawn participant")
    assert project.themes() == []


def test_duplicate_entry_names_are_refused(project, tmp_path):
    path = make_qdpx(tmp_path / "dup.qdpx", qde(GOOD_BODY), {"a.txt": b"Hello."},
                     raw_entries=[("sources/A.TXT", b"Other text.")])
    _refused(project, path, "appears twice")


def test_a_docx_bomb_inside_the_archive_is_refused(project, tmp_path):
    import io

    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * (24 * 1024 * 1024))
    body = GOOD_BODY.replace('plainTextPath="internal://a.txt"',
                             'plainTextPath="internal://a.txt" richTextPath="internal://a.docx"')
    path = make_qdpx(tmp_path / "docx.qdpx", qde(body), {"a.txt": b"", "a.docx": inner.getvalue()})
    _refused(project, path, "a.docx expands too far")


def test_the_text_of_a_withdrawn_participant_gets_no_codings(project, tmp_path):
    from vos_coder.core.model import ParsedSource

    project.add_source("VoS-AL-04", "four", ParsedSource("Një tekst i tërhequr.\n"))
    with project.transaction():
        project.db.execute("UPDATE participants SET consent = 'withdrawn'")
    path = make_qdpx(tmp_path / "w.qdpx", qde(GOOD_BODY), {"a.txt": "Një tekst i tërhequr.\n"
                                                           .encode()})
    _refused(project, path, "withdrawn participant")


def test_encrypted_entries_and_too_many_entries_are_refused(project, tmp_path):
    path = make_qdpx(tmp_path / "enc.qdpx", qde(GOOD_BODY), {"a.txt": b"Hello."})
    data = bytearray(path.read_bytes())
    at = data.index(b"PK\x01\x02")  # central directory entries
    while at != -1:
        name_len = int.from_bytes(data[at + 28:at + 30], "little")
        if data[at + 46:at + 46 + name_len] == b"sources/a.txt":
            data[at + 8] |= 0x1  # the "encrypted" flag
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    _refused(project, path, "encrypted")
    many = make_qdpx(tmp_path / "many.qdpx", qde(GOOD_BODY), {f"{i}.txt": b"x" for i in range(5)})
    with pytest.raises(ImportFailed, match="entries is more than"):
        QdpxArchive(many, Limits(max_entries=3))


def test_a_huge_stored_entry_is_refused_before_it_is_read(project, tmp_path):
    """A 300 MiB stored (uncompressed) entry: refused with a peak of well under 100 MB."""
    import tracemalloc

    path = tmp_path / "huge.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("project.qde", qde(GOOD_BODY))
        block = b"word " * (1024 * 1024 // 5 + 1)
        with z.open(zipfile.ZipInfo("sources/a.txt"), "w", force_zip64=True) as fh:
            for _ in range(300):
                fh.write(block[:1024 * 1024])
    before = dump(project.path)
    tracemalloc.start()
    try:
        with pytest.raises(ImportFailed, match="would expand to 300 MiB, beyond 256 MiB"):
            import_qdpx(project, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 100 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
    assert dump(project.path) == before
