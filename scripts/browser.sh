#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium (Playwright's own download does not work here).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then echo "chromium: $(/usr/bin/chromium --version)"; exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing: run 'sudo apt-get install -y chromium' (the e2e tests need /usr/bin/chromium)" >&2
  exit 1
fi
echo "installing chromium from Debian"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
