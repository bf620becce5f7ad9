#!/usr/bin/env bash
# Fetches axe-core, the accessibility checker the console's browser tests run, into
# .build/axe/axe.min.js: it ships inside the PyPI package axe-selenium-python.
set -euo pipefail
cd "$(dirname "$0")/.."
target=.build/axe/axe.min.js
[ -s "$target" ] && exit 0
mkdir -p "$(dirname "$target")"
download=$(mktemp -d)
trap 'rm -rf "$download"' EXIT
python3 -m pip download --quiet --no-deps --disable-pip-version-check "axe-selenium-python==2.1.6" -d "$download"
python3 - "$download" "$target" <<'PYTHON'
import glob, sys, zipfile
wheel = zipfile.ZipFile(glob.glob(sys.argv[1] + "/*.whl")[0])
with open(sys.argv[2], "wb") as out:
    out.write(wheel.read("axe_selenium_python/node_modules/axe-core/axe.min.js"))
PYTHON
echo "axe-core: $target"
