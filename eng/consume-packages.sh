#!/usr/bin/env bash
# Consumes the packed packages as a company would: tests/PetitionOpinion.PackageConsumer restored from a local folder
# feed (not project references), run in a normal build, then published with native AOT (or trimmed, where no native
# toolchain is on the machine) and run again; the two outputs must be the same, and the publish must be free of trim and
# AOT warnings.
#
#   eng/consume-packages.sh <feed> <work>
#     feed  the folder the packages were packed into (dotnet pack -o <feed>)
#     work  a scratch folder of this run's own: the consumer's NuGet cache, build output and logs
#
# The consumer restores into a NuGet cache of its own: a package repacked at the same version would otherwise be taken
# from the machine's cache, stale.
set -euo pipefail
cd "$(dirname "$0")/.."

feed=$(cd "$1" && pwd)
work=$2
mkdir -p "$work"
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
project=tests/PetitionOpinion.PackageConsumer/PetitionOpinion.PackageConsumer.csproj
props=(-p:PetitionOpinionFeed="$feed" -p:PetitionOpinionVersion="$version")
export NUGET_PACKAGES="$work/nuget"

echo "consumer: PetitionOpinion $version from $feed"
dotnet restore "$project" "${props[@]}" -r linux-x64 > "$work/restore.log" || { cat "$work/restore.log"; exit 1; }
# Every PetitionOpinion assembly came from the feed, none from a project reference.
if grep -rq '"type": "project"' tests/PetitionOpinion.PackageConsumer/obj/project.assets.json; then
  echo "the consumer resolved a project reference" >&2; exit 1
fi

dotnet build "$project" -c Release --no-restore "${props[@]}" -o "$work/build" > "$work/build.log" || { cat "$work/build.log"; exit 1; }
for job in crm backend; do
  dotnet "$work/build/PetitionOpinion.PackageConsumer.dll" "$job" > "$work/$job.normal.log"
done

# Native AOT needs a C toolchain: clang, or the newest clang-NN on the PATH.
linker=$(command -v clang >/dev/null 2>&1 && echo clang || (compgen -c clang- | grep -E '^clang-[0-9]+$' | sort -t- -k2 -n | tail -n 1) || true)
if [ -n "$linker" ]; then
  echo "consumer: publishing with native AOT ($linker)"
  publish=(-p:PublishAot=true -p:CppCompilerAndLinker="$linker")
  run() { "$work/publish/PetitionOpinion.PackageConsumer" "$@"; }
else
  echo "consumer: native AOT toolchain not found (no clang on PATH), published trimmed instead"
  publish=(-p:PublishTrimmed=true --self-contained)
  run() { "$work/publish/PetitionOpinion.PackageConsumer" "$@"; }
fi
dotnet publish "$project" -c Release -r linux-x64 "${props[@]}" "${publish[@]}" -o "$work/publish" > "$work/publish.log" 2>&1 \
  || { cat "$work/publish.log"; exit 1; }
if grep -E 'warning IL[0-9]{4}' "$work/publish.log"; then
  echo "the consumer's publish warned about trimming or AOT" >&2; exit 1
fi
for job in crm backend; do
  run "$job" > "$work/$job.published.log"
  if ! diff -u "$work/$job.normal.log" "$work/$job.published.log"; then
    echo "the published consumer's '$job' output differs from the normal build's" >&2; exit 1
  fi
  cat "$work/$job.published.log"
done
echo "consumer: the published build's output is the normal build's ($(du -sh "$work/publish" | cut -f1) published)"
