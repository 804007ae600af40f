#!/usr/bin/env bash
# Installs the Debian packages Careguard needs, by what you are about to do:
#
#   scripts/install-deps.sh make       just make (what ./careguard-dev needs before it runs make)
#   scripts/install-deps.sh run        build and run the server: make, the compiler, the -dev libraries
#   scripts/install-deps.sh test       run: plus every test's tools (PostgreSQL, Chromium, clang for
#                                      the fuzz targets, wrk and curl for the soak, ...)
#   scripts/install-deps.sh package    run: plus what `make package` needs (file, dpkg-dev)
#   scripts/install-deps.sh lint       clang-format
#   scripts/install-deps.sh            all of them
#
# Several may be named at once. Idempotent: when every package asked for is installed it does
# nothing (and never calls apt), so the commands that call it can be run again at any time.
#
# Node.js and npm are not Debian's: every npm step runs on the Node.js and npm that
# scripts/install-node.sh installs into tools/ from the npm registry. Only to bootstrap that, on a
# machine with no npm at all (a fresh Debian 12), Debian's nodejs and npm are installed here.
set -euo pipefail

make_packages=(make ca-certificates)
build_packages=(
  "${make_packages[@]}"
  build-essential cmake pkg-config ccache
  libboost-dev libsqlite3-dev libpq-dev
  libsodium-dev liboath-dev libqrencode-dev libyaml-cpp-dev libcli11-dev
  libspdlog-dev libfmt-dev nlohmann-json3-dev libxlsxwriter-dev
  libcurl4-openssl-dev zlib1g-dev libssl-dev
  libgtest-dev libgmock-dev  # CMakeLists.txt looks GoogleTest up when it configures
)
test_packages=(
  "${build_packages[@]}"
  sqlite3 postgresql openssl libbenchmark-dev
  chromium python3-aiosmtpd clang libclang-rt-14-dev
  nginx-light wrk curl jq oathtool
)
package_packages=("${build_packages[@]}" file dpkg-dev)
lint_packages=(clang-format)

sets=("$@")
[[ ${#sets[@]} -gt 0 ]] || sets=(run test package lint)

packages=()
needs_node=0
for set in "${sets[@]}"; do
  case $set in
    make) packages+=("${make_packages[@]}") ;;
    run) packages+=("${build_packages[@]}") needs_node=1 ;;
    test) packages+=("${test_packages[@]}") needs_node=1 ;;
    package) packages+=("${package_packages[@]}") needs_node=1 ;;
    lint) packages+=("${lint_packages[@]}") ;;
    *)
      echo "usage: $0 [make|run|test|package|lint]..." >&2
      exit 2
      ;;
  esac
done

# Only to bootstrap scripts/install-node.sh, which needs some npm to fetch the project's own.
if [[ $needs_node -eq 1 ]] && ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for package in $(printf '%s\n' "${packages[@]}" | sort -u); do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all packages for ${sets[*]} are installed"
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
