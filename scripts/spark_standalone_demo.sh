#!/usr/bin/env bash
# The cluster path for real, on this machine: a Spark standalone cluster (one master, one worker)
# started from Spark's Maven jars, a spark-submit of SegmentIJ to it, and its outputs checked
# byte for byte against `segmentij batch` on the same images.
#   scripts/spark_standalone_demo.sh [N=24] [PIPELINE=pipelines/nuclei.pipeline] [PORT=7077]
# What it does:
#  1. builds SegmentIJ (mvn install) and the spark module (mvn package) if needed;
#  2. makes a Spark "distribution" in a temporary folder: SPARK_HOME/jars holds links to Spark
#     4.0.1's runtime jars as Maven resolves spark-core alone (with Spark's own jackson-core and
#     slf4j versions), which is what the worker puts on its executors' class path;
#  3. starts org.apache.spark.deploy.master.Master on spark://127.0.0.1:PORT and
#     org.apache.spark.deploy.worker.Worker (2 cores, 2 GB) registered with it;
#  4. submits with org.apache.spark.deploy.SparkSubmit (what bin/spark-submit runs), client mode:
#     the driver runs here, the tasks in an executor JVM the worker launches, which gets
#     SegmentIJ's jars from the driver (--jars), as on a real cluster;
#  5. runs `segmentij batch --jobs 2` on the same images and compares every output and the rows;
#  6. stops the worker and the master (also on error or Ctrl-C) and removes the temporary folder
#     (KEEP=1 keeps it: the logs of master, worker and executor are under it).
# N generated 128x128 16-bit TIFFs (random touching disks on noise; numpy + tifffile).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$ROOT/scripts/prerequisites.sh"
N="${1:-24}"; PIPE="${2:-$ROOT/pipelines/nuclei.pipeline}"; PORT="${3:-7077}"
WORK="$(mktemp -d /tmp/spark_standalone.XXXXXX)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. build
ensure_java_maven
if [ -z "$(ls "$ROOT"/spark/target/segmentij-spark-*.jar 2>/dev/null)" ] || [ ! -d "$ROOT/spark/target/lib" ]; then
  echo "building SegmentIJ and the spark module..."
  (cd "$ROOT" && mvn -B -q -DskipTests install) && (cd "$ROOT/spark" && mvn -B -q -DskipTests package)
fi
APP_JAR="$(ls "$ROOT"/spark/target/segmentij-spark-*.jar | head -n 1)"
APP_LIBS="$(ls "$ROOT"/spark/target/lib/*.jar | paste -sd, -)"

# 2. a Spark distribution from the Maven jars
export SPARK_HOME="$WORK/spark-home"
mkdir -p "$SPARK_HOME/jars" "$WORK/pom"
cat > "$WORK/pom/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.segmentij</groupId><artifactId>spark-home</artifactId><version>1</version><packaging>pom</packaging>
  <dependencyManagement><dependencies>
    <!-- the versions Spark 4.0.1's own distribution ships (Maven's nearest-wins picks older ones) -->
    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-core</artifactId><version>2.18.2</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.16</version></dependency>
  </dependencies></dependencyManagement>
  <dependencies>
    <dependency><groupId>org.apache.spark</groupId><artifactId>spark-core_2.13</artifactId><version>4.0.1</version></dependency>
  </dependencies>
</project>
POM
OFFLINE=-o; [ "${ONLINE:-0}" = 1 ] && OFFLINE=
(cd "$WORK/pom" && mvn -B -q $OFFLINE org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile="$WORK/pom/cp.txt" -Dmdep.includeScope=runtime) \
  || { echo "could not resolve spark-core 4.0.1 (offline; ONLINE=1 lets Maven download)" >&2; exit 1; }
tr ':' '\n' < "$WORK/pom/cp.txt" | while read -r j; do ln -s "$j" "$SPARK_HOME/jars/"; done
echo "SPARK_HOME: $(ls "$SPARK_HOME/jars" | wc -l) jars of Spark 4.0.1 from the local Maven repository"

# what bin/spark-class adds on Java 17 (and the README's OPENS)
OPENS="-XX:+IgnoreUnrecognizedVMOptions"
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  OPENS="$OPENS --add-opens=java.base/$p=ALL-UNNAMED"
done
OPENS="$OPENS -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"
export SPARK_LOCAL_IP=127.0.0.1 SPARK_USER="${SPARK_USER:-$(id -un)}"
# what bin/load-spark-env.sh sets in a distribution (the worker's executor command needs it)
export SPARK_SCALA_VERSION=2.13
case "$(locale charmap 2>/dev/null)" in UTF-8) ;; *) export LC_ALL=C.UTF-8 ;; esac
spark_java() { # class args...: java with Spark's class path, as bin/spark-class runs it (Spark's log: INFO)
  exec java -Xmx512m $OPENS -cp "$SPARK_HOME/jars/*" "$@"
}
wait_for() { # file pattern seconds what
  for _ in $(seq 1 "$3"); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 1; done
  echo "$4 did not start within $3 s; its log:" >&2; tail -n 30 "$1" >&2; exit 1
}

# 3. master and worker (their web UIs on free ports)
MASTER="spark://127.0.0.1:$PORT"
(spark_java org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" --webui-port 0 \
  > "$WORK/master.log" 2>&1) &
PIDS+=($!)
wait_for "$WORK/master.log" "I have been elected leader" 120 "the master"
grep -q "Starting Spark master at $MASTER\$" "$WORK/master.log" || { echo "port $PORT is taken; give another: $0 $N $PIPE PORT" >&2; exit 1; }
mkdir -p "$WORK/worker"
(spark_java org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 2 --memory 2g --webui-port 0 \
  --work-dir "$WORK/worker" "$MASTER" > "$WORK/worker.log" 2>&1) &
PIDS+=($!)
wait_for "$WORK/master.log" "Registering worker" 120 "the worker"
echo "master $MASTER (pid ${PIDS[0]}) and one worker (pid ${PIDS[1]}) running"

# images
/usr/bin/python3 - "$WORK/in" "$N" <<'PY'
import os, sys, numpy as np, tifffile
out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out)
rng = np.random.default_rng(11)
yy, xx = np.mgrid[:128, :128]
for i in range(n):
    img = np.full((128, 128), 300.0)
    for _ in range(rng.integers(4, 12)):
        cy, cx = rng.uniform(8, 120, 2); r = rng.uniform(4, 10)
        img[(yy - cy) ** 2 + (xx - cx) ** 2 <= r * r] = rng.uniform(1500, 3000)
    img += rng.normal(0, 60, img.shape)
    tifffile.imwrite(f"{out}/img{i:05d}.tif", np.clip(img, 0, 65535).astype(np.uint16))
PY

# 4. spark-submit (bin/spark-submit runs this class; the README's command line is the same)
cd "$ROOT"
echo "+ spark-submit --master $MASTER ... $(basename "$APP_JAR") $(basename "$PIPE") -i $WORK/in -o $WORK/spark"
(spark_java -Dlog4j2.configurationFile="$ROOT/spark/conf/log4j2.properties" org.apache.spark.deploy.SparkSubmit \
  --class org.segmentij.spark.SparkBatch \
  --master "$MASTER" --deploy-mode client \
  --jars "$APP_LIBS" \
  --conf "spark.driver.extraJavaOptions=$OPENS" \
  --conf "spark.executor.extraJavaOptions=$OPENS -Djava.awt.headless=true" \
  --conf spark.task.maxFailures=4 \
  --executor-memory 1g --executor-cores 2 \
  "$APP_JAR" \
  "$PIPE" -i "$WORK/in" -o "$WORK/spark") 2>&1 | tee "$WORK/submit.log"
[ "${PIPESTATUS[0]}" = 0 ] || { echo "spark-submit failed" >&2; exit 1; }
EXEC_LOG="$(ls "$WORK"/worker/app-*/*/stderr 2>/dev/null | head -n 1)"
[ -n "$EXEC_LOG" ] || { echo "no executor ran on the worker" >&2; exit 1; }
echo "the tasks ran in an executor the worker launched: $(dirname "${EXEC_LOG#"$WORK"/worker/}")," \
  "$(grep -c "Finished task" "$EXEC_LOG" || true) tasks finished in its log, SegmentIJ's jars fetched from the driver:" \
  "$(ls "$(dirname "$EXEC_LOG")" | grep -c '\.jar$') jars in its folder"

# 5. the same with batch, compared
"$ROOT/segmentij" batch "$PIPE" -i "$WORK/in" -o "$WORK/batch" --jobs 2 -q
bad=0
for f in "$WORK"/batch/*; do
  n="$(basename "$f")"; [ "$n" = summary.csv ] && continue
  cmp -s "$f" "$WORK/spark/$n" || { echo "differs: $n" >&2; bad=1; }
done
[ "$(ls "$WORK/batch" | sort)" = "$(ls "$WORK/spark" | sort)" ] || { echo "not the same files" >&2; bad=1; }
rows() { cut -d, -f1-3,5- "$1"; } # without the ms column
cmp -s <(rows "$WORK/batch/summary.csv") <(rows "$WORK/spark/summary.csv") || { echo "summary rows differ" >&2; bad=1; }
[ "$bad" = 0 ] || exit 1
echo "OK: $(($(ls "$WORK/spark" | wc -l) - 1)) outputs from the standalone cluster equal batch's byte for byte; summary rows equal"
# 6. cleanup (trap): worker and master stopped
