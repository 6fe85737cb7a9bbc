#!/usr/bin/env bash
# Installs the Debian packages the test suite needs:
#   chromium             the browser tests (with fonts-dejavu-core)
#   virtuoso-opensource  the second real SPARQL server the store tests run against
# Idempotent: installs only what is missing, and does nothing when everything is there.
# Needs root (or sudo) for apt-get.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/bin/$1" ]; }

# One entry per thing to install: the Debian packages, then the commands that show it is there.
wanted=()
have chromium || wanted+=("chromium fonts-dejavu-core")
{ have virtuoso-t && have isql-vt; } || wanted+=("virtuoso-opensource")
[ ${#wanted[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "system-deps: missing Debian packages: ${wanted[*]}; this user cannot run apt-get." >&2
    echo "  As root: apt-get update && apt-get install --no-install-recommends ${wanted[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get update -q; then
  echo "system-deps: 'apt-get update' failed, so ${wanted[*]} cannot be installed" >&2
  exit 1
fi
failed=()
for packages in "${wanted[@]}"; do
  echo "system-deps: installing $packages"
  # shellcheck disable=SC2086  # one entry may name several packages
  $SUDO apt-get install -y -q --no-install-recommends $packages || failed+=("$packages")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "system-deps: could not install: ${failed[*]} (see apt-get's message above)" >&2
  exit 1
fi
