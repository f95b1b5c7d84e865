#!/usr/bin/env bash
# Fetch pinned browser assets from the npm registry and vendor them unmodified, with their
# licences, under src/linli/static/vendor/<name>-<version>/. No build step: only dist files.
#
# Usage: bash scripts/vendor.sh        (or `make vendor`)
# To upgrade: change a version and its integrity (`npm view <pkg>@<version> dist.integrity`).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENDOR="$ROOT/src/linli/static/vendor"

# name | npm package | version | licence | sha512 integrity of the tarball | files from package/
PACKAGES=(
  "htmx|htmx.org|2.0.11|0BSD|sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA==|dist/htmx.min.js LICENSE"
  "bootstrap|bootstrap|5.3.9|MIT|sha512-20cU0rcfw8WdxtVbmfU+xT2EjvVTw9Ror/h1Qvd7DXCujRg8OO9mdBCsmTHdJFf3BuadmBNJtgIuUXsBqSkk/w==|dist/css/bootstrap.min.css dist/css/bootstrap.min.css.map dist/js/bootstrap.bundle.min.js dist/js/bootstrap.bundle.min.js.map LICENSE"
  # Charts of the survey analysis and the needs profile (assessments/static/assessments/charts.js).
  "echarts|echarts|6.1.0|Apache-2.0|sha512-q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2RcZNEepZVlk4yvBYkOkbk6HIVpIyHZA==|dist/echarts.min.js LICENSE NOTICE"
)

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

readme_rows=()
for entry in "${PACKAGES[@]}"; do
  IFS="|" read -r name package version licence integrity files <<<"$entry"
  echo "vendor: $package@$version"
  tarball="$(cd "$WORK" && npm pack --silent "$package@$version" 2>/dev/null | tail -n 1)"
  actual="sha512-$(openssl dgst -sha512 -binary "$WORK/$tarball" | base64 -w0)"
  if [[ "$actual" != "$integrity" ]]; then
    echo "vendor: integrity mismatch for $package@$version: $actual" >&2
    exit 1
  fi
  unpacked="$WORK/$name"
  mkdir -p "$unpacked"
  tar -xzf "$WORK/$tarball" -C "$unpacked"
  target="$VENDOR/$name-$version"
  rm -rf "$target"
  for file in $files; do
    mkdir -p "$target/$(dirname "$file")"
    cp "$unpacked/package/$file" "$target/$file"
  done
  readme_rows+=("| $name | $version | $licence | https://www.npmjs.com/package/$package/v/$version (\`npm pack $package@$version\`) |")
done

{
  echo "# Vendored browser assets"
  echo
  echo "Fetched unmodified from the npm registry by \`scripts/vendor.sh\` (pinned versions,"
  echo "tarball integrity checked). Each directory holds the distribution files used by the"
  echo "templates and the package's licence. Do not edit these files; change the script instead."
  echo
  echo "| name | version | licence | source |"
  echo "|---|---|---|---|"
  printf '%s\n' "${readme_rows[@]}"
} >"$VENDOR/README.md"
echo "vendor: done ($VENDOR)"
