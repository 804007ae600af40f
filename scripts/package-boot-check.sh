#!/bin/bash
# Runs inside a Debian 12 root booted with systemd (systemd-nspawn --boot, started by
# scripts/fresh-machine-check.sh) where the careguard package is installed: checks the service as
# systemd runs it, with all its hardening, then powers the machine off. Writes its log to
# /root/package-boot-check.log, ending in "RESULT=ok" when every check passed.
#   - careguard.service was started at boot (enabled by the package): ExecStartPre's migrate ran
#     and /readyz answers over HTTP on 127.0.0.1:8080, from the installed configuration file;
#   - `systemctl reload` reaches the server (SIGHUP) and it keeps running;
#   - careguard-backup.timer is active and careguard-backup.service writes a backup;
#   - direct TLS as README's "Install on a server" says: a certificate and a key readable by the
#     careguard group under /etc/careguard/tls, listen on 443 (below 1024, so the unit's
#     CAP_NET_BIND_SERVICE is needed); after the pair is renewed, `systemctl reload` serves the
#     new certificate.
exec >/root/package-boot-check.log 2>&1
set -euxo pipefail

fail() {
  echo "RESULT=failed: $*"
  journalctl -u careguard -u careguard-backup --no-pager | tail -n 40 || true
  systemctl poweroff
  exit 1
}
trap 'fail "line $LINENO"' ERR

journal_has() {  # text: in careguard.service's journal (read whole: no grep -q on a pipe)
  journalctl -u careguard --no-pager >/tmp/careguard-journal.txt
  grep -q -F -- "$1" /tmp/careguard-journal.txt
}

wait_for() {  # url
  local i
  for ((i = 0; i < 60; i++)); do
    curl -fsSk --max-time 5 "$1" && return 0
    sleep 1
  done
  return 1
}

wait_for http://127.0.0.1:8080/readyz || fail "no /readyz on 127.0.0.1:8080 after boot"
systemctl is-enabled careguard.service careguard-backup.timer
systemctl is-active careguard.service careguard-backup.timer
journal_has 'database is at version' || fail "ExecStartPre (careguard migrate) did not run"
# The service's sandbox, as systemd applied it.
grep -E '^(NoNewPrivs|CapEff|Seccomp):' "/proc/$(systemctl show -p MainPID --value careguard)/status"

systemctl reload careguard
sleep 1
systemctl is-active careguard
journal_has reload_ignored || fail "SIGHUP did not reach the server"

systemctl start careguard-backup.service
[[ $(systemctl show -p Result --value careguard-backup.service) == success ]]
compgen -G '/var/lib/careguard/backups/careguard-*.backup'

# Direct TLS on port 443.
make_pair() {  # common name
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=$1" \
    -addext "subjectAltName=IP:127.0.0.1" -keyout /etc/careguard/tls/privkey.pem \
    -out /etc/careguard/tls/fullchain.pem 2>/dev/null
  chgrp careguard /etc/careguard/tls/privkey.pem
  chmod 640 /etc/careguard/tls/privkey.pem
}
served_cn() {
  local chain
  chain=$(openssl s_client -connect 127.0.0.1:443 -servername localhost </dev/null 2>/dev/null)
  openssl x509 -noout -subject <<<"$chain"
}
install -d -m 750 -g careguard /etc/careguard/tls
make_pair first.careguard.test
sed -i 's/^listen = .*/listen = 127.0.0.1:443/' /etc/careguard/careguard.conf
cat >>/etc/careguard/careguard.conf <<'CONF'
tls_cert_file = /etc/careguard/tls/fullchain.pem
tls_key_file = /etc/careguard/tls/privkey.pem
CONF
systemctl restart careguard
wait_for https://127.0.0.1:443/readyz || fail "no HTTPS on 127.0.0.1:443"
[[ $(served_cn) == *first.careguard.test* ]] || fail "not the first certificate"
make_pair renewed.careguard.test
systemctl reload careguard
sleep 1
[[ $(served_cn) == *renewed.careguard.test* ]] || fail "reload did not serve the renewed certificate"
journal_has tls_reloaded

echo "RESULT=ok"
systemctl poweroff
