#!/usr/bin/env bash
# PC/SC for the vpcd test (test/euicc/vpcd.test.ts): installs Debian's pcscd, vsmartcard's vpcd driver and
# python3-pyscard if the machine lacks them, and starts pcscd unless one is running. Prints the process id
# of the pcscd it started (empty if one was already running), for .ci/run to stop it at the end.
set -euo pipefail
if [ ! -x /usr/sbin/pcscd ] || [ ! -f /usr/lib/pcsc/drivers/serial/libifdvpcd.so ] ||
  ! /usr/bin/python3 -c 'import smartcard' 2>/dev/null; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pcscd vsmartcard-vpcd python3-pyscard >/dev/null
fi
if [ -S /run/pcscd/pcscd.comm ] && pgrep -x pcscd >/dev/null; then
  exit 0
fi
/usr/sbin/pcscd --foreground >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 50); do
  [ -S /run/pcscd/pcscd.comm ] && break
  sleep 0.1
done
echo "$pid"
