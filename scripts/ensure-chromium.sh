#!/usr/bin/env bash
# Browser tests drive Debian's Chromium. Install it when missing and we are root;
# otherwise say what to do (the browser tests then fail with the same advice).
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests …"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
else
  echo "chromium is missing: run 'sudo apt-get install chromium' (browser tests need /usr/bin/chromium)" >&2
fi
