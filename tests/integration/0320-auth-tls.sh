#!/bin/bash
# 0320-auth-tls: HTTP Basic authentication over TLS: an https:// listener with a
# certificate made here; every endpoint but /healthcheck answers 401 without the right
# credentials; the password never reaches the log or SHOW PROPERTIES.
. "$(dirname "$0")/lib.sh"

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$sl_tmp/key.pem" -out "$sl_tmp/cert.pem" \
    -days 1 -subj "/CN=127.0.0.1" 2>/dev/null || fail "openssl could not make a certificate"
start_sluiced "$sl_tmp/data" SLUICE_LISTENERS=https://127.0.0.1:0 \
    SLUICE_SSL_CERTIFICATE_LOCATION="$sl_tmp/cert.pem" SLUICE_SSL_KEY_LOCATION="$sl_tmp/key.pem" \
    SLUICE_AUTHENTICATION_BASIC_USER=alice SLUICE_AUTHENTICATION_BASIC_PASSWORD=pa55-w0rd-XYZ
SL_URL=${SL_URL/http:/https:}
C=(curl -s --cacert "$sl_tmp/cert.pem" -o "$sl_tmp/body" -w '%{http_code}')

for ep in /info /metrics /status; do
    expect_eq "$("${C[@]}" "$SL_URL$ep")" 401 "$ep without credentials"
    expect_eq "$("${C[@]}" -u alice:nope "$SL_URL$ep")" 401 "$ep with a wrong password"
    expect_eq "$("${C[@]}" -u alice:pa55-w0rd-XYZ "$SL_URL$ep")" 200 "$ep with the credentials"
done
for ep in /ksql /query /query-stream /close-query /inserts-stream /topics; do
    expect_eq "$("${C[@]}" -X POST -d '{}' "$SL_URL$ep")" 401 "POST $ep without credentials"
done
expect_eq "$("${C[@]}" "$SL_URL/healthcheck")" 200 "/healthcheck is public"
expect_eq "$("${C[@]}" -u alice:pa55-w0rd-XYZ -X POST "$SL_URL/ksql" -d '{"ksql": "SHOW PROPERTIES;"}')" \
    200 "SHOW PROPERTIES"
! grep -q pa55-w0rd-XYZ "$sl_tmp/body" || fail "SHOW PROPERTIES shows the password"
# plain HTTP on the TLS port is no way in
rc=0
curl -s -o /dev/null "${SL_URL/https:/http:}/info" || rc=$?
[ "$rc" -ne 0 ] || fail "plain HTTP answered on the TLS listener"
! grep -q pa55-w0rd-XYZ "$SL_LOG" || fail "the password is in the log"
echo "ok"
