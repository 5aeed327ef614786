"""Pure protocol codecs: bytes in, frames out, and frames to bytes. No threads, no I/O.

Every stream decoder follows one rule: it never raises on what arrives from a wire. A bad checksum,
a truncated frame or noise between frames is skipped, counted in ``errors`` by reason, and the
decoder resynchronises on the next frame header.
"""
