#!/bin/sh
# Start the machine's PostgreSQL 15 and make the test role and database (idempotent).
# The tests read FUNDTRACKER_TEST_PG_URL (default below). Needs root; otherwise it says so and leaves it.
set -e
URL_USER=fundtracker
URL_DB=fundtracker_test
if [ "$(id -u)" -ne 0 ]; then
    echo "not root: not starting PostgreSQL (PostgreSQL tests skip outside CI when no server is reachable)"
    exit 0
fi
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "pg_ctlcluster not found: install postgresql-15" >&2
    exit 1
fi
if ! pg_lsclusters -h | grep -q '^15 *main'; then
    pg_createcluster 15 main >/dev/null
fi
pg_ctlcluster 15 main start 2>/dev/null || true
for _ in 1 2 3 4 5 6 7 8 9 10; do
    su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
    sleep 1
done
su postgres -c "psql -qAtc \"select 1 from pg_roles where rolname='$URL_USER'\"" | grep -q 1 ||
    su postgres -c "psql -qc \"create role $URL_USER login password '$URL_USER' createdb\""
# The role tests (tests/store/test_roles.py) run `fundtracker server setup`, which creates group roles,
# and make a login per role: the test role needs CREATEROLE (not superuser, so the server's checks apply).
su postgres -c "psql -qc 'alter role $URL_USER createrole'"
# A second role whose password is nothing else's name, so the tests can grep output for it
# (tests/test_secrets.py: no command ever prints a server password).
SECRET_USER=fundtracker_secret
SECRET_PASSWORD=Zq7-secret-w4xv
su postgres -c "psql -qAtc \"select 1 from pg_roles where rolname='$SECRET_USER'\"" | grep -q 1 ||
    su postgres -c "psql -qc \"create role $SECRET_USER login password '$SECRET_PASSWORD' createdb\""
su postgres -c "psql -qAtc \"select 1 from pg_database where datname='$URL_DB'\"" | grep -q 1 ||
    su postgres -c "createdb -O $URL_USER $URL_DB"
echo "PostgreSQL 15 ready: postgresql://$URL_USER:$URL_USER@127.0.0.1:5432/$URL_DB"
