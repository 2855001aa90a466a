"""Reading what the classroom needs from an MP4 (ISO base media file, ISO/IEC 14496-12) without a decoder:
that it is one (an `ftyp` box first), its duration (the movie header `moov/mvhd`: duration / timescale) and
whether the index comes before the media (`moov` before `mdat`, "fast start", so a phone can start playing
before the whole file arrives). Only box headers are read, so a 2 GB file costs a few reads."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO

# Brands of ftyp that browsers play as MP4 (isom/iso2..6, mp41/mp42, avc1, dash, M4V/f4v from QuickTime-ish
# encoders); `qt  ` (QuickTime .mov) is refused: Chrome and Firefox do not reliably play it.
ACCEPTED_BRANDS = {b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash",
                   b"M4V ", b"M4VP", b"f4v ", b"mmp4", b"MSNV", b"3gp4", b"3gp5"}


class NotMp4(ValueError):
    pass


@dataclass(frozen=True)
class Mp4Info:
    duration_seconds: float
    fast_start: bool


def _boxes(f: BinaryIO, start: int, end: int):
    """(type, payload offset, payload end) of each box between `start` and `end`."""
    offset = start
    while offset + 8 <= end:
        f.seek(offset)
        header = f.read(8)
        if len(header) < 8:
            return
        size, kind = struct.unpack(">I4s", header)
        payload = offset + 8
        if size == 1:
            large = f.read(8)
            if len(large) < 8:
                return
            size = struct.unpack(">Q", large)[0]
            payload = offset + 16
        elif size == 0:
            size = end - offset
        if size < payload - offset or offset + size > end:
            raise NotMp4(f"box {kind!r} at {offset} runs past the end of the file")
        yield kind, payload, offset + size
        offset += size


def read_info(f: BinaryIO, size: int) -> Mp4Info:
    """Raise NotMp4 unless `f` (seekable, `size` bytes) is an MP4 with a movie header."""
    f.seek(0)
    head = f.read(12)
    if len(head) < 12 or head[4:8] != b"ftyp":
        raise NotMp4("no ftyp box at the start")
    if head[8:12] not in ACCEPTED_BRANDS:
        raise NotMp4(f"brand {head[8:12]!r} is not an MP4 brand browsers play")
    moov = None
    mdat_seen_first = False
    for kind, payload, box_end in _boxes(f, 0, size):
        if kind == b"mdat" and moov is None:
            mdat_seen_first = True
        if kind == b"moov":
            moov = (payload, box_end)
            break
    if moov is None:
        raise NotMp4("no moov box")
    for kind, payload, _box_end in _boxes(f, *moov):
        if kind != b"mvhd":
            continue
        f.seek(payload)
        version = f.read(1)
        if not version:
            break
        f.read(3)  # flags
        if version[0] == 1:
            data = f.read(28)
            if len(data) < 28:
                break
            _created, _modified, timescale, duration = struct.unpack(">QQIQ", data)
        else:
            data = f.read(16)
            if len(data) < 16:
                break
            _created, _modified, timescale, duration = struct.unpack(">IIII", data)
        if timescale == 0:
            raise NotMp4("mvhd timescale is 0")
        return Mp4Info(duration_seconds=duration / timescale, fast_start=not mdat_seen_first)
    raise NotMp4("no mvhd box in moov")
