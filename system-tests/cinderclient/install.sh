#!/usr/bin/env bash
# Installs Debian's python3-cinderclient with apt when `cinder` is missing, so that the scenario and the tests that
# drive the real `cinder` command can run. Where apt is missing it says so and exits 0 (those tests then skip).
set -euo pipefail

say() { printf 'cinderclient: %s\n' "$*"; }

command -v cinder >/dev/null && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! command -v apt-get >/dev/null; then
  say "apt-get is missing, so python3-cinderclient cannot be installed: tests that need it are skipped"
  exit 0
fi
say "installing python3-cinderclient with apt"
$sudo apt-get install -y -qq --no-install-recommends python3-cinderclient >/dev/null 2>&1 \
  || { $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq --no-install-recommends python3-cinderclient >/dev/null; } \
  || { say "apt could not install python3-cinderclient"; exit 1; }
