# shellcheck shell=bash
# shellcheck disable=SC2034  # TK_*, LEAD_COOKIE: set here, read by bench/run.sh and bench/soak.sh
# Sourced by bench/run.sh and bench/soak.sh (not run on its own): prepares the toolkit scenarios.
#
#   toolkit_token CAREGUARD DB        an API token for the demo organisation lead (TK_TOKEN)
#   toolkit_fill CG                   answers every item of this year's assessment of the demo
#                                     care home (AB1C2) through the JSON API; sets TK_ORG,
#                                     TK_ASSESSMENT, TK_ITEMS
#   toolkit_sign_in_lead CG           signs in as the lead with curl, enrolling TOTP on the way
#                                     (organisation leads must at first sign-in); sets
#                                     LEAD_COOKIE
#
# Expects die(), $WORK and curl, jq and oathtool (oathtool_check installs it when it can).

TK_EMAIL=lead@demo.careguard.test
TK_PASSWORD="demo kettle orange bicycle"
TK_ORG_CODE=AB1C2

oathtool_check() {
  command -v jq >/dev/null || die "jq is missing (apt-get install jq)"
  command -v oathtool >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bench: oathtool is missing; installing Debian's oathtool package (apt-get install -y oathtool)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq oathtool >&2 ||
      { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq oathtool >&2; } ||
      die "could not install oathtool; install it with: apt-get install oathtool"
  else
    die "oathtool is missing (needed to compute the TOTP code for the lead's sign-in): apt-get install oathtool"
  fi
}

toolkit_token() {
  TK_TOKEN=$("$1" token create --database "$2" --email "$TK_EMAIL" --org "$TK_ORG_CODE" \
    --name bench 2>"$WORK/token.log" | tail -n1) || die "token create failed: $(cat "$WORK/token.log")"
  [[ $TK_TOKEN == cg_* ]] || die "token create printed no token"
}

# api METHOD PATH [JSON] -> body on stdout; dies unless the status is 2xx.
tk_api() {
  local code body=$WORK/api-body.json
  local args=(-sS --max-time 20 -X "$1" -H "Authorization: Bearer $TK_TOKEN" -o "$body" -w '%{http_code}')
  [ $# -ge 3 ] && args+=(-H 'Content-Type: application/json' --data-binary "$3")
  code=$(curl "${args[@]}" "$TK_CG/api/v1$2") || die "curl $1 $2 failed"
  [[ $code == 2?? ]] || die "$1 $2 answered $code: $(head -c 600 "$body")"
  cat "$body"
}

toolkit_fill() {
  TK_CG=$1
  TK_ORG=$(tk_api GET /orgs | jq -r --arg c "$TK_ORG_CODE" '.data[] | select(.ods_code == $c) | .id')
  [ -n "$TK_ORG" ] || die "the token cannot see organisation $TK_ORG_CODE"
  local started
  started=$(tk_api POST "/orgs/$TK_ORG/assessments" '{}')
  TK_ASSESSMENT=$(jq -r .id <<<"$started")
  local framework edition
  framework=$(jq -r .framework <<<"$started")
  edition=$(jq -r .edition <<<"$started")
  tk_api GET "/frameworks/$framework/$edition" >"$WORK/framework.json"
  # One valid answer per item from its answer spec (met_when is not aimed at: any valid answer
  # will do). Evidence items are answered by linking evidence. Lines: ITEM <tab> KIND <tab> JSON.
  local today
  today=$(TZ=Europe/London date +%F)
  jq -r --arg today "$today" '
    .groups[].items[] | .id as $id | .answer as $a |
    if $a.type == "evidence" then
      [$id, "evidence", ({item: $id, title: ("Bench evidence for " + $id),
                          url: ("https://example.org/evidence/" + $id), owner: "Grace Okafor"} | tojson)]
    else
      [$id, "answer", ({note: ("Bench note for " + $id)} + (
        if $a.type == "yes_no" then {value: "yes"}
        elif $a.type == "yes_no_detail" then
          {value: "yes"} + (if $a.detail_when == "yes" then {detail: "Written down in the office folder"} else {} end)
        elif $a.type == "text" then {value: (if $a.format == "ico_number" then "ZA123456" else "Bench answer for " + $id end)}
        elif $a.type == "number" then {value: (($a.max // 100) - 3)}
        elif $a.type == "date" then {value: $today}
        elif $a.type == "single_choice" then {value: $a.choices[0].id}
        elif $a.type == "multi_choice" then {values: [$a.choices[0:2][].id]}
        elif $a.type == "confirm" then {value: "confirmed"}
        else error("unknown answer type " + $a.type) end) | tojson)]
    end | @tsv' "$WORK/framework.json" >"$WORK/answers.tsv"
  TK_ITEMS=$(wc -l <"$WORK/answers.tsv")
  local base="/orgs/$TK_ORG/assessments/$TK_ASSESSMENT" id kind json
  while IFS=$'\t' read -r id kind json; do
    if [ "$kind" = evidence ]; then
      tk_api POST "$base/evidence" "$json" >/dev/null
    else
      tk_api PUT "$base/answers/$id" "$json" >/dev/null
    fi
  done <"$WORK/answers.tsv"
  # Every item that applies must now be answered (all 75 were sent, including those that do
  # not apply to a care home).
  tk_api GET "$base" >"$WORK/assessment.json"
  local left
  left=$(jq '[.. | objects | select(has("applies") and has("answered")) | select(.applies and (.answered | not))] | length' \
    "$WORK/assessment.json")
  [ "$left" = 0 ] || die "$left items are still unanswered after filling the assessment in"
  TK_TASKS_PATH="/orgs/$TK_ORG/toolkit/$TK_ASSESSMENT"
  TK_QUESTION_ITEM=${BENCH_QUESTION_ITEM:-$(head -n1 "$WORK/answers.tsv" | cut -f1)}
  TK_QUESTION_PATH="$TK_TASKS_PATH/items/$TK_QUESTION_ITEM"
}

toolkit_sign_in_lead() {
  local cg=$1 jar=$WORK/lead-cookies.txt token status secret code
  curl -fsS --max-time 10 -c "$jar" -o "$WORK/lead-sign-in.html" "$cg/sign-in"
  token=$(grep -o 'name="csrf_token" value="[^"]*"' "$WORK/lead-sign-in.html" | head -n1 | sed 's/.*value="//; s/"$//')
  [ -n "$token" ] || die "no csrf_token field on /sign-in"
  status=$(curl -sS --max-time 10 -b "$jar" -c "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' \
    --data-urlencode "csrf_token=$token" --data-urlencode "email=$TK_EMAIL" \
    --data-urlencode "password=$TK_PASSWORD" "$cg/sign-in")
  [[ $status == "303 "*/account/mfa/setup ]] ||
    die "the lead's sign-in answered '$status', expected 303 to /account/mfa/setup (TOTP enrolment)"
  curl -fsS --max-time 10 -b "$jar" -c "$jar" -o "$WORK/mfa-setup.html" "$cg/account/mfa/setup"
  secret=$(sed -n 's/.*<code id="totp-secret"[^>]*>\([^<]*\)<\/code>.*/\1/p' "$WORK/mfa-setup.html" | head -n1 | tr -d ' ')
  [ -n "$secret" ] || die "no <code id=\"totp-secret\"> on /account/mfa/setup"
  token=$(grep -o 'name="csrf_token" value="[^"]*"' "$WORK/mfa-setup.html" | head -n1 | sed 's/.*value="//; s/"$//')
  [ -n "$token" ] || die "no csrf_token field on /account/mfa/setup"
  code=$(oathtool --totp -b "$secret") || die "oathtool could not compute a code"
  status=$(curl -sS --max-time 10 -b "$jar" -c "$jar" -o "$WORK/mfa-done.html" -w '%{http_code}' \
    --data-urlencode "csrf_token=$token" --data-urlencode "code=$code" "$cg/account/mfa/setup")
  if [ "$status" != 200 ] || ! grep -q -i 'recovery' "$WORK/mfa-done.html"; then
    die "confirming TOTP enrolment answered $status, expected 200 with the recovery codes"
  fi
  local session csrf
  session=$(awk '$6 == "cg_session" { v = $7 } END { print v }' "$jar")
  csrf=$(awk '$6 == "cg_csrf" { v = $7 } END { print v }' "$jar")
  [ -n "$session" ] || die "the lead's sign-in set no cg_session cookie"
  LEAD_COOKIE="cg_session=$session; cg_csrf=$csrf"
}
