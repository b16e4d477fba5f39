#!/usr/bin/env bash
# Makes sure Debian's faketime is on the machine: .ci/run runs the time-sensitive test folders a year and a
# half ahead, so that no test depends on the day it runs (certificates issued and verified on one clock).
set -euo pipefail
if ! command -v faketime >/dev/null; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null
fi
command -v faketime
