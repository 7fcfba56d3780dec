#!/usr/bin/env python3
"""Copies every snippet region into the Markdown C# block that names it (<!-- snippet: path#region[,region] -->).

The docs test (tests/PetitionOpinion.Domain.Tests/Docs/DocsSnippetTests.cs) fails when a block and its region differ;
edit the region (it compiles), then run this to bring the Markdown along. Usage: python3 eng/sync-snippets.py
"""
import pathlib, re

root = pathlib.Path(__file__).resolve().parent.parent
marker = re.compile(r"^<!-- snippet: (?P<path>[^#\s]+)#(?P<regions>[^\s]+) -->$")


def region(source, name):
    lines = source.split("\n")
    start = next(i for i, l in enumerate(lines) if l.strip() == f"// <{name}>")
    end = next(i for i, l in enumerate(lines) if l.strip() == f"// </{name}>")
    body = lines[start + 1:end]
    indent = min(len(l) - len(l.lstrip()) for l in body if l.strip())
    return "".join((l[indent:] if len(l) >= indent else l.lstrip()) + "\n" for l in body)


files = [root / "README.md", *root.glob("docs/*.md"), *root.glob("src/*/README.md"), *root.glob("samples/*/README.md")]
for md in files:
    lines = md.read_text(encoding="utf-8").split("\n")
    out, i, changed = [], 0, False
    while i < len(lines):
        out.append(lines[i])
        if lines[i].strip() == "```csharp":
            previous = next((l.strip() for l in reversed(out[:-1]) if l.strip()), "")
            m = marker.match(previous)
            end = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == "```")
            if m:
                indent = " " * (len(lines[i]) - len(lines[i].lstrip()))
                source = (root / m["path"]).read_text(encoding="utf-8")
                text = "\n".join(region(source, r.strip()) for r in m["regions"].split(","))
                block = [indent + l if l else l for l in text.rstrip("\n").split("\n")]
                changed |= block != lines[i + 1:end]
                out.extend(block)
                i = end
                continue
        i += 1
    if changed:
        md.write_text("\n".join(out), encoding="utf-8")
        print(f"updated {md.relative_to(root)}")
