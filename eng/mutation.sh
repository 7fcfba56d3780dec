#!/usr/bin/env bash
# Mutation testing of the core files of PetitionOpinion.Domain (issue 26) with Stryker.NET, the repository's local tool
# (.config/dotnet-tools.json), configured by eng/mutation/stryker-config.json (the core files, per-test coverage, 2 at once).
#
#   eng/mutation.sh                      # every core file, one Stryker run each (on 2 cores: about 10-40 minutes a file)
#   eng/mutation.sh RiskRuleSet          # one core file, by name (several names: several runs)
#   eng/mutation.sh --list               # the core files
#   eng/mutation.sh --check              # what CI runs: the tool restores and starts, every core file exists (no mutant runs)
#
# Each run is bounded (--timeout minutes a file, default 60) and writes its reports (HTML, JSON, clear text) under
# artifacts/mutation/<file>/; the last line of each run is "<file>: <score> % (<killed> killed, <survived> survived, ...)".
# docs/testing.md says how to read a survivor and keeps the scores.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONFIG="$ROOT/eng/mutation/stryker-config.json"
TESTS="$ROOT/tests/PetitionOpinion.Domain.Tests"
OUT="$ROOT/artifacts/mutation"
TIMEOUT=60

files() { python3 -c 'import json,sys; [print(p) for p in json.load(open(sys.argv[1]))["stryker-config"]["mutate"]]' "$CONFIG"; }

names=()
mode=run
while [[ $# -gt 0 ]]; do
    case "$1" in
        --list) mode=list; shift ;;
        --check) mode=check; shift ;;
        --timeout) TIMEOUT="$2"; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "mutation.sh: unknown option '$1'" >&2; exit 2 ;;
        *) names+=("$1"); shift ;;
    esac
done
if ! [[ "$TIMEOUT" =~ ^[0-9]+$ ]] || (( TIMEOUT < 1 || TIMEOUT > 600 )); then echo "mutation.sh: --timeout must be 1-600 minutes" >&2; exit 2; fi

cd "$ROOT"
case "$mode" in
    list) files | sed 's:^\*\*/::'; exit 0 ;;
    check)
        dotnet tool restore > /dev/null
        dotnet tool run dotnet-stryker --help > /dev/null
        while read -r pattern; do
            path="src/PetitionOpinion.Domain/${pattern#\*\*/}"
            [[ -f "$path" ]] || { echo "mutation.sh: the core file $path named in $CONFIG does not exist" >&2; exit 1; }
        done < <(files)
        echo "mutation testing: Stryker.NET $(sed -n '/dotnet-stryker/,/version/p' .config/dotnet-tools.json | sed -n 's/.*"version": "\(.*\)".*/\1/p') restored; $(files | wc -l) core files, all present"
        exit 0 ;;
esac

# The patterns to run: every core file, or those whose file name matches a name given.
patterns=()
while read -r pattern; do
    file="$(basename "$pattern" .cs)"
    if [[ ${#names[@]} -eq 0 ]] || printf '%s\n' "${names[@]}" | grep -qx "$file"; then patterns+=("$pattern"); fi
done < <(files)
if [[ ${#patterns[@]} -eq 0 ]]; then echo "mutation.sh: no core file is named ${names[*]}; see --list" >&2; exit 2; fi

dotnet tool restore > /dev/null
for pattern in "${patterns[@]}"; do
    file="$(basename "$pattern" .cs)"
    out="$OUT/$file"
    rm -rf "$out" && mkdir -p "$out"
    echo "== $file: mutating ${pattern#\*\*/} (at most $TIMEOUT minutes; reports in ${out#$ROOT/})"
    (cd "$TESTS" && timeout "${TIMEOUT}m" dotnet tool run dotnet-stryker --config-file "$CONFIG" --mutate "$pattern" --output "$out") | tee "$out/run.log" | grep -E "^\[|mutation score|Killed|Survived" | tail -n 20 || true
    report="$(find "$out" -name mutation-report.json | head -n 1)"
    if [[ -z "$report" ]]; then echo "$file: no report (the run failed or timed out; see ${out#$ROOT/}/run.log)" >&2; continue; fi
    python3 - "$report" "$file" <<'PY'
import json, sys
report, name = json.load(open(sys.argv[1])), sys.argv[2]
counts = {}
for f in report["files"].values():
    for m in f["mutants"]:
        counts[m["status"]] = counts.get(m["status"], 0) + 1
killed = counts.get("Killed", 0) + counts.get("Timeout", 0)
survived = counts.get("Survived", 0)
uncovered = counts.get("NoCoverage", 0)
valid = killed + survived + uncovered
score = 100.0 * killed / valid if valid else 0.0
print(f"{name}: {score:.1f} % ({counts.get('Killed', 0)} killed, {counts.get('Timeout', 0)} timed out, {survived} survived, {uncovered} not covered; "
      f"{counts.get('CompileError', 0)} not compiling and {counts.get('Ignored', 0)} ignored, not counted)")
PY
done
