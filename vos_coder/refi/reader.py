"""Reading REFI-QDA files into plain data: project.qde, .qdc codebooks, .qdpx archives.

Tolerant of what real tools write (elements matched by local name, plain text
paths with or without ``internal://``, empty plain text beside a .docx), strict
about what could hurt (see ``xmlsafe`` and ``archive``).
"""

from __future__ import annotations

import io
from pathlib import Path

from lxml import etree

from vos_coder.errors import ImportFailed
from vos_coder.importers.decode import refuse_special
from vos_coder.refi.archive import DEFAULT_LIMITS, Limits, QdpxArchive, check_inner_zip
from vos_coder.refi.model import (
    Case,
    Code,
    CodingRef,
    Link,
    Note,
    QdaProject,
    Selection,
    TextSource,
    User,
    Variable,
    VariableValue,
)
from vos_coder.refi.xmlsafe import kid, kid_text, kids, local, parse_untrusted

SKIPPED_KINDS = {"PDFSource": "PDF", "PictureSource": "picture", "AudioSource": "audio",
                 "VideoSource": "video"}
VALUE_TAGS = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue",
              "DateTimeValue")


def guid(value: str | None) -> str:
    """A GUID as a lower-case key without braces ('' when absent)."""
    return (value or "").strip().strip("{}").lower()


def _int(el: etree._Element, attr: str, what: str) -> int:
    raw = el.get(attr)
    try:
        return int(str(raw).strip())
    except ValueError:
        raise ImportFailed(f"{what}: {local(el)} {attr}={raw!r} is not a whole number") from None


def _codes(parent: etree._Element) -> list[Code]:
    out = []
    for el in kids(parent, "Code"):
        out.append(Code(
            guid=guid(el.get("guid")), name=el.get("name") or "",
            color=(el.get("color") or "").strip(),
            description=kid_text(el, "Description"),
            codable=(el.get("isCodable") or "true").strip().lower() not in ("false", "0"),
            children=_codes(el),
            note_refs=[guid(n.get("targetGUID")) for n in kids(el, "NoteRef")],
        ))
    return out


def _codings(parent: etree._Element) -> list[CodingRef]:
    out = []
    for el in kids(parent, "Coding"):
        ref = kid(el, "CodeRef")
        if ref is None:
            continue
        out.append(CodingRef(guid(el.get("guid")), guid(ref.get("targetGUID")),
                             guid(el.get("creatingUser")), el.get("creationDateTime") or ""))
    return out


def _values(parent: etree._Element) -> list[VariableValue]:
    out = []
    for el in kids(parent, "VariableValue"):
        ref = kid(el, "VariableRef")
        if ref is None:
            continue
        for tag in VALUE_TAGS:
            v = kid(el, tag)
            if v is not None and (v.text or "").strip():
                out.append(VariableValue(guid(ref.get("targetGUID")), (v.text or "").strip()))
                break
    return out


def _text_source(el: etree._Element, what: str) -> TextSource:
    content = kid(el, "PlainTextContent")
    src = TextSource(
        guid=guid(el.get("guid")), name=el.get("name") or "",
        plain_text_path=(el.get("plainTextPath") or "").strip(),
        rich_text_path=(el.get("richTextPath") or "").strip(),
        content=(content.text or "") if content is not None else None,
        description=kid_text(el, "Description"),
        codings=_codings(el),
        note_refs=[guid(n.get("targetGUID")) for n in kids(el, "NoteRef")],
        values=_values(el),
    )
    if not src.name.strip() and src.plain_text_path:
        src.name = src.plain_text_path.rsplit("/", 1)[-1]  # qc writes no name
    for sel in kids(el, "PlainTextSelection"):
        where = f"{what}: source {src.name!r}"
        src.selections.append(Selection(
            guid=guid(sel.get("guid")), start=_int(sel, "startPosition", where),
            end=_int(sel, "endPosition", where), name=sel.get("name") or "",
            user=guid(sel.get("creatingUser")), created=sel.get("creationDateTime") or "",
            codings=_codings(sel),
            note_refs=[guid(n.get("targetGUID")) for n in kids(sel, "NoteRef")],
        ))
    return src


def parse_project(data: bytes, what: str = "project.qde") -> QdaProject:
    """A project.qde's content (plain texts in files are not read here)."""
    root = parse_untrusted(data, what)
    if local(root) != "Project":
        raise ImportFailed(f"{what} is not a REFI-QDA project (its root element is "
                           f"<{local(root)}>, not <Project>)")
    qp = QdaProject(name=root.get("name") or "", origin=root.get("origin") or "")
    users = kid(root, "Users")
    for u in kids(users, "User") if users is not None else []:
        qp.users.append(User(guid(u.get("guid")), u.get("name") or u.get("id") or ""))
    book = kid(root, "CodeBook")
    codes = kid(book, "Codes") if book is not None else None
    if codes is not None:
        qp.codes = _codes(codes)
    variables = kid(root, "Variables")
    for v in kids(variables, "Variable") if variables is not None else []:
        qp.variables.append(Variable(guid(v.get("guid")), v.get("name") or "",
                                     v.get("typeOfVariable") or "Text"))
    cases = kid(root, "Cases")
    for c in kids(cases, "Case") if cases is not None else []:
        qp.cases.append(Case(guid(c.get("guid")), c.get("name") or "", kid_text(c, "Description"),
                             _values(c), [guid(r.get("targetGUID")) for r in kids(c, "SourceRef")]))
    sources = kid(root, "Sources")
    for s in list(sources) if sources is not None else []:
        tag = local(s)
        if s.get("guid"):
            qp.source_guids.add(guid(s.get("guid")))
        if tag == "TextSource":
            qp.sources.append(_text_source(s, what))
        elif tag:
            kind = SKIPPED_KINDS.get(tag, tag)
            qp.skipped.append(f"{kind} source {s.get('name') or s.get('guid')!r}: "
                              f"{kind} sources are not supported; skipped")
    notes = kid(root, "Notes")
    for n in kids(notes, "Note") if notes is not None else []:
        content = kid(n, "PlainTextContent")
        text = (content.text or "") if content is not None else None
        note = Note(guid(n.get("guid")), n.get("name") or "", text if text is not None else "",
                    guid(n.get("creatingUser")), n.get("creationDateTime") or "")
        if text is None and n.get("plainTextPath"):
            note.text = "\x00path:" + n.get("plainTextPath", "")  # resolved by read_qdpx
        qp.notes.append(note)
    links = kid(root, "Links")
    for link in kids(links, "Link") if links is not None else []:
        qp.links.append(Link(guid(link.get("guid")), guid(link.get("originGUID")),
                             guid(link.get("targetGUID")), link.get("name") or ""))
    qp.project_note_refs = [guid(r.get("targetGUID")) for r in kids(root, "NoteRef")]
    return qp


def parse_codebook(data: bytes, what: str = "codebook") -> list[Code]:
    """The code tree of a .qdc file (or of a project.qde's CodeBook)."""
    return parse_codebook_origin(data, what)[0]


def parse_codebook_origin(data: bytes, what: str = "codebook") -> tuple[list[Code], str]:
    """The code tree of a .qdc file and the tool that wrote it."""
    root = parse_untrusted(data, what)
    name = local(root)
    if name == "Project":
        book = kid(root, "CodeBook")
    elif name == "CodeBook":
        book = root
    else:
        raise ImportFailed(f"{what} is not a REFI-QDA codebook (its root element is <{name}>)")
    codes = kid(book, "Codes") if book is not None else None
    if codes is None:
        raise ImportFailed(f"{what} holds no <Codes>; nothing to import")
    origin = (book.get("origin") if book is not None else None) or root.get("origin") or ""
    return _codes(codes), origin


def read_qdc(path: Path) -> list[Code]:
    """The codes of a .qdc file on disk."""
    return read_qdc_origin(path)[0]


def read_qdc_origin(path: Path) -> tuple[list[Code], str]:
    """The codes of a .qdc file on disk and the tool that wrote it."""
    path = Path(path)
    refuse_special(path)
    try:
        size = path.stat().st_size
        if size > DEFAULT_LIMITS.max_file:
            raise ImportFailed(f"{path.name} is larger than a codebook can be; refused")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(f"{path}: no such file") from None
    except OSError as exc:
        raise ImportFailed(f"cannot read {path}: {exc.strerror}") from None
    return parse_codebook_origin(data, path.name)


def _entry_for(archive: QdpxArchive, ref: str, what: str) -> str | None:
    """The archive entry a plainTextPath/richTextPath names, or None if external or absent."""
    ref = ref.strip()
    if ref.startswith("internal://"):
        ref = ref[len("internal://"):]
    elif "://" in ref:
        return None  # relative:// or absolute://: outside the archive; never read
    name = ref.lstrip("/")
    if name.lower().startswith("sources/"):
        name = name[len("sources/"):]
    if not name or "/" in name or "\\" in name or name in (".", ".."):
        raise ImportFailed(f"{what}: path {ref!r} points outside the archive's sources/; "
                           "refused, nothing imported")
    return archive.find(f"sources/{name}")


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig")  # a BOM is an encoding mark, not a character
    except UnicodeDecodeError:
        raise ImportFailed(f"{what} is not UTF-8 text (REFI-QDA requires UTF-8); "
                           "nothing imported") from None


def _docx_text(archive: QdpxArchive, entry: str) -> str:
    data = archive.read(entry)
    check_inner_zip(data, entry, archive.limits)
    import docx

    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - python-docx raises many kinds on a bad file
        return ""
    return "\n".join(p.text for p in doc.paragraphs)


def read_qdpx(path: Path, limits: Limits = DEFAULT_LIMITS) -> QdaProject:
    """A .qdpx archive read and checked in memory: nothing touches disk or a project."""
    path = Path(path)
    with QdpxArchive(path, limits) as archive:
        qde = archive.find("project.qde")
        if qde is None:
            found = [n for n in archive.names if n.lower().endswith(".qde") and "/" not in n]
            if len(found) != 1:
                raise ImportFailed(f"{path.name} holds no project.qde; is it a REFI-QDA project?")
            qde = found[0]
        qp = parse_project(archive.read(qde), f"{path.name}:{qde}")
        kept: list[TextSource] = []
        for src in qp.sources:
            what = f"{path.name}: source {src.name!r}"
            if src.content is None:
                entry = _entry_for(archive, src.plain_text_path, what) \
                    if src.plain_text_path else None
                if entry is None:
                    src.missing = (f"its plain text {src.plain_text_path or '(none)'} is not "
                                   "in the archive")
                    kept.append(src)  # kept so that codings pointing at it are reported
                    continue
                data = archive.read(entry)
                src.bom = data.startswith(b"\xef\xbb\xbf")
                src.content = _decode(data, f"{path.name}:{entry}")
            if not src.content.strip() and not src.selections \
                    and src.rich_text_path.lower().endswith(".docx"):
                entry = _entry_for(archive, src.rich_text_path, what)
                if entry is not None:
                    src.content = _docx_text(archive, entry)
                    if src.content.strip():
                        qp.warnings.append(f"source {src.name!r}: plain text was empty; "
                                           "took the text of its .docx")
            kept.append(src)
        qp.sources = kept
        for note in qp.notes:
            if note.text.startswith("\x00path:"):
                ref = note.text[len("\x00path:"):]
                entry = _entry_for(archive, ref, f"{path.name}: note {note.name!r}")
                note.text = _decode(archive.read(entry), entry) if entry else ""
    return qp
