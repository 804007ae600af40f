# shellcheck shell=bash
# Sourced by bench/run.sh, bench/soak.sh and bench/oversight.sh: loopback ports for the servers
# they start. Expects die().

# True when something accepts connections on 127.0.0.1:PORT.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Prints a port in 20000-59999 that nothing listens on yet.
free_port() {
  local p
  for _ in $(seq 100); do
    p=$((20000 + RANDOM % 40000))
    if ! port_in_use "$p"; then echo "$p"; return 0; fi
  done
  die "no free loopback port found"
}
