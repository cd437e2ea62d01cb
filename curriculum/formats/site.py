"""The build's front page: out/index.html, one table of every pack in the output folder.

Built from the manifests on disk (write.read_manifest), not from the build that has just run,
so it also lists the packs of earlier or filtered builds that are still there, and never one
that a full build has removed. A manifest counts only when it is ours and sits where its
variant says (the same test the stale-pack removal applies). Every value comes from a manifest
and is escaped (autoescape); rows are sorted by path, so the same packs give the same bytes.
The page sits at the output root, in no pack folder: no manifest lists it and the stale-pack
removal never touches it.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import jinja2

from ..pack import Variant
from ..write import MANIFEST, atomic_write, read_manifest

INDEX = "index.html"
# what a pack folder may hold, in the order the page links them
LINKS = (("index.html", "HTML"), ("pack.pdf", "PDF"), ("route-card.pdf", "route card (PDF)"))
FORMAT_OF = {"index.html": "html", "pack.pdf": "pdf"}

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="curriculum">
<title>Training packs in this build</title>
<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; line-height: 1.5; color: #1b1b1b;
  max-width: 72em; margin: 0 auto; padding: 0 1em 3em; }
h1 { color: #12355b; }
a { color: #12355b; }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { border: 1px solid #c9d1da; padding: 0.3em 0.5em; text-align: start; vertical-align: top; }
th { background: #eef2f6; }
.date { white-space: nowrap; }
</style>
</head>
<body>
<main>
<h1>Training packs in this build</h1>
{% if packs %}
<p>{{ packs | length }} packs. Each row links to the pack's files; open a pack's HTML to read it,
its PDF to print it.</p>
<div class="table-scroll" role="region" tabindex="0" aria-label="Packs">
<table>
<thead><tr><th scope="col">Audience</th><th scope="col">Country</th><th scope="col">Language</th>
<th scope="col">Edition</th><th scope="col">Formats</th><th scope="col">Level</th>
<th scope="col">Date</th><th scope="col">Files</th></tr></thead>
<tbody>
{% for pack in packs %}
<tr><td>{{ pack.audience }}{% if pack.course %} ({{ pack.course }}){% endif %}</td>
<td>{{ pack.country }}</td><td>{{ pack.locale }}</td><td>{{ pack.edition }}</td>
<td>{{ pack.formats | join(", ") }}</td><td>{{ pack.level }}</td><td class="date">{{ pack.date }}</td>
<td>{% for href, label in pack.links %}<a href="{{ href }}">{{ label }}</a>
{%- if not loop.last %} · {% endif %}{% endfor %}
<br><small>{{ pack.path }}</small></td></tr>
{% endfor %}
</tbody>
</table>
</div>
{% else %}
<p>No packs are built here yet: run <code>curriculum build</code>.</p>
{% endif %}
</main>
</body>
</html>
"""

_TEMPLATE = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                               keep_trailing_newline=True).from_string(PAGE)


def packs(out: Path) -> list[dict]:
    """Every pack under `out`, as the page lists it, sorted by its path."""
    found = []
    for manifest in sorted(out.rglob(MANIFEST)):
        folder = manifest.parent
        if folder == out:
            continue
        data = read_manifest(folder)
        if not data or not isinstance(data.get("variant"), dict):
            continue
        try:
            variant = Variant.model_validate(data["variant"])
        except ValueError:
            continue
        path = folder.relative_to(out).as_posix()
        if variant.slug != path:
            continue  # not where its variant says: not a pack of ours
        files = data.get("files", {})
        library = data.get("library")
        if not isinstance(library, dict):
            library = {}
        found.append({
            "path": path, "audience": variant.audience, "course": variant.course,
            "country": variant.country, "locale": variant.locale, "edition": variant.edition,
            "formats": [FORMAT_OF[name] for name in FORMAT_OF if name in files],
            "level": str(data.get("level", "")),
            "date": str(library.get("date", "")),
            "links": [(f"{quote(path)}/{quote(name)}", label)
                      for name, label in LINKS if name in files],
        })
    return found


def write_index(out: Path) -> Path:
    """Write out/index.html, listing every pack in `out`; return its path."""
    out = Path(out)
    target = out / INDEX
    atomic_write(target, _TEMPLATE.render(packs=packs(out)).encode("utf-8"))
    return target
