"""Serial devices: links, protocol codecs, drivers and simulators.

Qt-free (plain threads and callbacks) so the hall server can drive displays too; ``ui`` wraps them.
"""
