#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine (run as root): system packages, then npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."
apt_packages=(chromium socat jackd2 libasound2 libasound2-plugins alsa-utils wrk fonts-dejavu-core lame flac)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# onnxruntime-node (the demucs stem tier) bundles its CPU library; never let it fetch GPU binaries.
ONNXRUNTIME_NODE_INSTALL=skip ONNXRUNTIME_NODE_INSTALL_CUDA=skip npm ci --no-audit --no-fund
# postinstall refreshed deno.lock; in CI a change means the committed lock was stale.
if [ "${CI:-}" = "true" ] && ! git diff --quiet -- deno.lock; then
  echo "deno.lock is stale: run npm install and commit deno.lock" >&2
  git --no-pager diff --stat -- deno.lock >&2
  exit 1
fi
