#!/usr/bin/env bash
# Issue 24: the web sample's OpenAPI document (samples/PetitionOpinion.Samples.WebApi/openapi/v1.json, held equal to what
# the sample serves by OpenApiTests) is what clients are generated from, so it is checked as an integrating team would:
#   1. Redocly CLI, recommended rules, every warning an error (redocly.yaml: recommended-strict);
#   2. Spectral, spectral:oas, failing on any result down to hints (.spectral.yaml);
#   3. openapi-typescript generates the TypeScript types, and `tsc --strict` compiles them with usage.ts, which uses our
#      fields as a client would and expects each wrong use (a null level, a string version, an unknown state) to be refused;
#   4. no schema of ours is typed `unknown` or `number | string` in the generated types.
# The tools are the exact versions of package-lock.json (npm ci); Node.js and npm are installed with apt-get when absent.
# Prints one line per check; exits non-zero on the first that fails.
set -euo pipefail
cd "$(dirname "$0")"
document=../../samples/PetitionOpinion.Samples.WebApi/openapi/v1.json

if ! command -v npm > /dev/null 2>&1; then
  echo "npm is missing: installing Node.js and npm (apt-get install nodejs npm)"
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq nodejs npm > /dev/null; else sudo apt-get update -qq && sudo apt-get install -y -qq nodejs npm > /dev/null; fi
fi

if [ ! -d node_modules ] || [ "${CI:-}" = "true" ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "Redocly (recommended-strict):"
npx --no-install redocly lint "$document" --config redocly.yaml --format=stylish 2>&1 | grep -v '[║╔╚]' | sed '/^\s*$/d'

echo "Spectral (spectral:oas, failing on any result):"
npx --no-install spectral lint "$document" --ruleset .spectral.yaml --fail-severity hint

echo "openapi-typescript, then tsc --strict over the types and usage.ts:"
rm -rf generated && mkdir -p generated
npx --no-install openapi-typescript "$document" --output generated/api.d.ts > /dev/null
npx --no-install tsc --project tsconfig.json
echo "tsc --strict: no error"

# Our schemas are the components: none may be typed unknown or number | string (the responses' header index signature,
# "[name: string]: unknown", is openapi-typescript's own, for headers a response may have beyond those declared).
components=$(awk '/^export interface components/,/^export type \$defs/' generated/api.d.ts)
if [ -z "$components" ]; then echo "no components in generated/api.d.ts" >&2; exit 1; fi
loose=$(grep -nE 'unknown|number \| string|string \| number' <<< "$components" || true)
if [ -n "$loose" ]; then
  echo "loosely typed fields in the generated types:" >&2
  echo "$loose" >&2
  exit 1
fi
echo "generated types: no field of ours is unknown or number | string"
