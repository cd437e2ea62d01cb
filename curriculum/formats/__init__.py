"""Output formats, one module a format (as Sphinx's builders are): each turns a localised pack
into the bytes of its files, and writes nothing itself (export.py writes them)."""
