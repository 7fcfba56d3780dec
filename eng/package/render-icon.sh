#!/usr/bin/env bash
# Renders eng/package/icon.svg to eng/package/icon.png (128x128, transparent corners), the icon every package ships.
# Needs headless Chromium (Debian: apt-get install -y chromium). Usage: eng/package/render-icon.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
page=$(mktemp -d)
trap 'rm -rf "$page"' EXIT
cat > "$page/icon.html" <<HTML
<!doctype html><html><head><style>html,body{margin:0;padding:0;background:transparent}img{display:block}</style></head>
<body><img src="file://$here/icon.svg" width="128" height="128"></body></html>
HTML
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync \
  --no-first-run --hide-scrollbars --default-background-color=00000000 --window-size=128,128 \
  --screenshot="$here/icon.png" "file://$page/icon.html" 2>/dev/null
echo "wrote $here/icon.png"
