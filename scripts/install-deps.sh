#!/usr/bin/env bash
# Installs the Debian packages Careguard needs to build, test and run.
# Idempotent: when everything is already installed it does nothing (and never calls apt).
set -euo pipefail

packages=(
  build-essential cmake pkg-config ccache git ca-certificates
  libboost-dev libsqlite3-dev sqlite3 libpq-dev postgresql
  libsodium-dev liboath-dev libqrencode-dev libyaml-cpp-dev libcli11-dev
  libspdlog-dev libfmt-dev nlohmann-json3-dev libxlsxwriter-dev
  libcurl4-openssl-dev zlib1g-dev libssl-dev openssl
  libgtest-dev libgmock-dev libbenchmark-dev
  chromium python3-aiosmtpd clang libclang-rt-14-dev
  nginx-light wrk curl jq oathtool clang-format clang-tidy
)

# Node.js: keep whatever node/npm the machine already has (it may come from another
# source); only when they are missing install Debian's.
if ! command -v node >/dev/null 2>&1; then
  packages+=(nodejs)
fi
if ! command -v npm >/dev/null 2>&1; then
  packages+=(npm)
fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages are installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi

"${sudo[@]}" apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends "${missing[@]}"
echo "install-deps: done"
