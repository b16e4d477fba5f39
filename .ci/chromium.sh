#!/usr/bin/env bash
# Makes sure Debian's Chromium is on the machine for the admin page's browser test (test/e2e/admin-ui.test.ts,
# driven by playwright-core, which never downloads a browser of its own), installing the package if it is
# missing. Prints the browser's path for RSPSIM_CHROMIUM.
set -euo pipefail
if ! [ -x /usr/bin/chromium ]; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
echo /usr/bin/chromium
