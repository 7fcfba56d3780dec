#!/usr/bin/env python3
"""Brings PublicAPI.Unshipped.txt in line with the code after an intended public-API change.

Builds the packable projects, reads the PublicApiAnalyzers diagnostics (RS0016: a public symbol not declared;
RS0017: a declared symbol that no longer exists) and adds or removes those lines. Review the diff before
committing: the build fails on an undeclared change precisely so that API changes are deliberate.
Usage: python3 eng/update-public-api.py
"""
import collections, pathlib, re, subprocess, sys

root = pathlib.Path(__file__).resolve().parent.parent
projects = sorted(root.glob("src/*/*.csproj"))
pattern = re.compile(r"^(?P<file>/[^(]+)\(\d+,\d+\): (?:error|warning) (?P<id>RS0016|RS0017|RS0037|RS0041): Symbol '(?P<sym>.+?)' is (?:not part of the declared public API|part of the declared API, but is either not public or could not be found)")
for _ in range(3):
    added = collections.defaultdict(set); removed = collections.defaultdict(set)
    for project in projects:
        out = subprocess.run(["dotnet", "build", str(project), "-nologo", "-v", "q", "--no-incremental", "-p:TreatWarningsAsErrors=false"],
                             capture_output=True, text=True).stdout
        for line in out.splitlines():
            m = pattern.match(line.strip())
            if not m:
                continue
            # The project the diagnostic is reported for (MSBuild ends the line with it): a project may compile sources
            # of another folder (the xunit v3 conformance kit compiles the v2 kit's).
            owner = re.search(r"\[(?P<proj>[^\]]+?\.csproj)", line)
            folder = pathlib.Path(owner["proj"]).resolve().parent if owner else pathlib.Path(m["file"]).resolve()
            while not (folder / "PublicAPI.Unshipped.txt").exists():
                folder = folder.parent
            (added if m["id"] == "RS0016" else removed)[folder].add(m["sym"])
    if not added and not removed:
        break
    for folder in set(added) | set(removed):
        path = folder / "PublicAPI.Unshipped.txt"
        lines = [l for l in path.read_text().splitlines() if l.strip() and l.strip() != "#nullable enable"]
        lines = [l for l in lines if l not in removed[folder]]
        lines = sorted(set(lines) | added[folder], key=lambda s: s.lstrip("~").replace("static ", "").replace("override ", "").replace("abstract ", "").replace("virtual ", "").replace("const ", "").replace("readonly ", ""))
        path.write_text("#nullable enable\n" + "\n".join(lines) + "\n")
        print(f"{path.relative_to(root)}: +{len(added[folder])} -{len(removed[folder])}")
