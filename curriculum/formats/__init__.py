"""Output formats, one module a format (as Sphinx's builders are): each turns a localised pack
(or, for site.py, the output folder's manifests) into the bytes of its files."""
