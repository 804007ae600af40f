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

# Node.js and npm are not Debian's: every npm step runs on the ones scripts/install-node.sh
# installs into tools/ from the npm registry. Only to bootstrap that, on a machine with no npm at
# all (a fresh Debian 12), Debian's nodejs and npm are installed here.
if ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
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
