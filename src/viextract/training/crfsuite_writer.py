"""Write CRFsuite model files, used to prune a trained model: attributes whose every weight is
(near) zero are dropped (training only; the reader is :mod:`viextract.crfsuite`)."""

from __future__ import annotations

import struct

from ..crfsuite import _CQDB_BYTEORDER, _CQDB_HEADER, _FEATURE, _HEADER, _N_TABLES, CRFModelData

_M32 = 0xFFFFFFFF


def _rot(x: int, k: int) -> int:
    return ((x << k) | (x >> (32 - k))) & _M32


def hashlittle(key: bytes, initval: int = 0) -> int:
    """Bob Jenkins' lookup3 ``hashlittle``, as CRFsuite's CQDB uses it."""
    n = len(key)
    a = b = c = (0xDEADBEEF + n + initval) & _M32
    i = 0
    while n - i > 12:
        a = (a + int.from_bytes(key[i : i + 4], "little")) & _M32
        b = (b + int.from_bytes(key[i + 4 : i + 8], "little")) & _M32
        c = (c + int.from_bytes(key[i + 8 : i + 12], "little")) & _M32
        a = (a - c) & _M32
        a ^= _rot(c, 4)
        c = (c + b) & _M32
        b = (b - a) & _M32
        b ^= _rot(a, 6)
        a = (a + c) & _M32
        c = (c - b) & _M32
        c ^= _rot(b, 8)
        b = (b + a) & _M32
        a = (a - c) & _M32
        a ^= _rot(c, 16)
        c = (c + b) & _M32
        b = (b - a) & _M32
        b ^= _rot(a, 19)
        a = (a + c) & _M32
        c = (c - b) & _M32
        c ^= _rot(b, 4)
        b = (b + a) & _M32
        i += 12
    rest = n - i
    if rest == 0:
        return c
    tail = key[i:] + b"\0" * (12 - rest)
    a = (a + int.from_bytes(tail[0:4], "little")) & _M32
    if rest > 4:
        b = (b + int.from_bytes(tail[4:8], "little")) & _M32
    if rest > 8:
        c = (c + int.from_bytes(tail[8:12], "little")) & _M32
    c ^= b
    c = (c - _rot(b, 14)) & _M32
    a ^= c
    a = (a - _rot(c, 11)) & _M32
    b ^= a
    b = (b - _rot(a, 25)) & _M32
    c ^= b
    c = (c - _rot(b, 16)) & _M32
    a ^= c
    a = (a - _rot(c, 4)) & _M32
    b ^= a
    b = (b - _rot(a, 14)) & _M32
    c ^= b
    c = (c - _rot(b, 24)) & _M32
    return c


def _cqdb(strings: tuple[str, ...]) -> bytes:
    head = _CQDB_HEADER.size + _N_TABLES * 8
    data = bytearray()
    tables: list[list[tuple[int, int]]] = [[] for _ in range(_N_TABLES)]
    backward = []
    for i, s in enumerate(strings):
        key = s.encode("utf-8") + b"\0"
        hv = hashlittle(key)
        offset = head + len(data)
        data += struct.pack("<II", i, len(key)) + key
        tables[hv % _N_TABLES].append((hv, offset))
        backward.append(offset)
    refs = bytearray()
    body = bytearray()
    at = head + len(data)
    for table in tables:
        if not table:
            refs += struct.pack("<II", 0, 0)
            continue
        size = 2 * len(table)
        refs += struct.pack("<II", at, size)
        buckets = [(0, 0)] * size
        for hv, off in table:
            k = (hv >> 8) % size
            while buckets[k][1] != 0:
                k = (k + 1) % size
            buckets[k] = (hv, off)
        for hv, off in buckets:
            body += struct.pack("<II", hv, off)
        at += size * 8
    bwd_offset = head + len(data) + len(body)
    total = bwd_offset + 4 * len(backward)
    header = _CQDB_HEADER.pack(b"CQDB", total, 0, _CQDB_BYTEORDER, len(backward), bwd_offset)
    return bytes(header + refs + data + body + struct.pack(f"<{len(backward)}I", *backward))


def _pad(buf: bytearray) -> None:
    buf += b"\0" * ((4 - len(buf) % 4) % 4)


def _refs(buf: bytearray, tag: bytes, groups: list[list[int]]) -> None:
    start = len(buf)
    buf += tag + struct.pack("<II", 0, len(groups))
    table_at = len(buf)
    buf += b"\0" * (4 * len(groups))
    offsets = []
    for fids in groups:
        offsets.append(len(buf))
        buf += struct.pack(f"<I{len(fids)}I", len(fids), *fids)
    struct.pack_into("<I", buf, start + 4, len(buf) - start)
    struct.pack_into(f"<{len(offsets)}I", buf, table_at, *offsets)


def write_model(model: CRFModelData) -> bytes:
    """Serialize a model in CRFsuite format."""
    buf = bytearray(_HEADER.size)
    off_feat = len(buf)
    buf += b"FEAT" + struct.pack(
        "<II", 12 + _FEATURE.size * len(model.features), len(model.features)
    )
    for f in model.features:
        buf += _FEATURE.pack(*f)
    off_lab = len(buf)
    buf += _cqdb(model.labels)
    off_attr = len(buf)
    buf += _cqdb(model.attributes)
    _pad(buf)
    by_label: list[list[int]] = [[] for _ in model.labels]
    by_attr: list[list[int]] = [[] for _ in model.attributes]
    for fid, (kind, src, _dst, _w) in enumerate(model.features):
        (by_label if kind == 1 else by_attr)[src].append(fid)
    off_lrefs = len(buf)
    _refs(buf, b"LFRF", by_label)
    _pad(buf)
    off_arefs = len(buf)
    _refs(buf, b"AFRF", by_attr)
    _HEADER.pack_into(
        buf,
        0,
        b"lCRF",
        len(buf),
        b"FOMC",
        100,
        len(model.features),
        len(model.labels),
        len(model.attributes),
        off_feat,
        off_lab,
        off_attr,
        off_lrefs,
        off_arefs,
    )
    return bytes(buf)


def prune(model: CRFModelData, threshold: float = 0.0) -> CRFModelData:
    """Drop state features with ``|weight| <= threshold`` and attributes left without one."""
    keep_attr: dict[int, int] = {}
    kept_state = []
    for kind, src, dst, w in model.features:
        if kind == 0 and abs(w) > threshold:
            if src not in keep_attr:
                keep_attr[src] = len(keep_attr)
            kept_state.append((0, keep_attr[src], dst, w))
    transitions = [f for f in model.features if f[0] == 1]
    attrs = [""] * len(keep_attr)
    for old, new in keep_attr.items():
        attrs[new] = model.attributes[old]
    return CRFModelData(model.labels, tuple(attrs), tuple(transitions + kept_state))
