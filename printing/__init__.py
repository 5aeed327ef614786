"""Receipts, tickets and notices: ESC/POS layouts and transports, the print queue, A4 PDFs.

Qt-free; may import ``counterdesk`` for domain types and ports, never ``ui`` or PySide6.
"""
