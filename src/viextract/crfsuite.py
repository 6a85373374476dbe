"""Read CRFsuite model files (the format of underthesea_core and python-crfsuite); the writer,
used only in training, is :mod:`viextract.training.crfsuite_writer`.

The format: a 48-byte header; a FEAT chunk of (type, source, destination, weight) features
(type 0: attribute -> label state feature, type 1: label -> label transition); two CQDB string
databases (labels, attributes); LFRF and AFRF chunks listing the features of each label and
attribute.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_FEATURE = struct.Struct("<IIId")
_CQDB_HEADER = struct.Struct("<4sIIIII")
_CQDB_BYTEORDER = 0x62445371
_N_TABLES = 256


@dataclass(frozen=True, slots=True)
class CRFModelData:
    labels: tuple[str, ...]
    attributes: tuple[str, ...]
    #: (type, source, destination, weight)
    features: tuple[tuple[int, int, int, float], ...]


class FormatError(ValueError):
    """The bytes are not a CRFsuite model."""


def _read_cqdb(buf: bytes, at: int) -> list[str]:
    magic, _size, _flag, order, bwd_size, bwd_offset = _CQDB_HEADER.unpack_from(buf, at)
    if magic != b"CQDB" or order != _CQDB_BYTEORDER:
        raise FormatError("bad string database")
    out = []
    for i in range(bwd_size):
        (off,) = struct.unpack_from("<I", buf, at + bwd_offset + 4 * i)
        _id, ksize = struct.unpack_from("<II", buf, at + off)
        out.append(buf[at + off + 8 : at + off + 8 + ksize - 1].decode("utf-8"))
    return out


def _header(buf: bytes) -> tuple[int, ...]:
    """Header fields from the feature count on: features, labels, attributes, their offsets."""
    if len(buf) < _HEADER.size:
        raise FormatError("file too short")
    magic, _size, kind, _ver, *fields = _HEADER.unpack_from(buf, 0)
    if magic != b"lCRF" or kind != b"FOMC":
        raise FormatError("not a CRFsuite model")
    return tuple(fields)


def read_attributes(buf: bytes) -> list[str]:
    """The attributes of a CRFsuite model, without parsing its features."""
    *_, off_attr, _lr, _ar = _header(buf)
    return _read_cqdb(buf, off_attr)


def read_model(buf: bytes) -> CRFModelData:
    """Parse a CRFsuite model."""
    n_feat, n_lab, n_attr, off_feat, off_lab, off_attr, _lr, _ar = _header(buf)
    chunk, _csize, num = struct.unpack_from("<4sII", buf, off_feat)
    if chunk != b"FEAT" or num != n_feat:
        raise FormatError("bad feature chunk")
    base = off_feat + 12
    feats = tuple(_FEATURE.unpack_from(buf, base + k * _FEATURE.size) for k in range(n_feat))
    labels = _read_cqdb(buf, off_lab)
    attrs = _read_cqdb(buf, off_attr)
    if len(labels) != n_lab or len(attrs) != n_attr:
        raise FormatError("bad string databases")
    return CRFModelData(tuple(labels), tuple(attrs), feats)
