# Sourced by bin/robustj, perf/run.sh and .ci/run before any JVM that loads libtorch starts: the process
# environment libtorch needs to run at speed. Both settings must be in place before the native library loads.
#
# OMP_WAIT_POLICY=PASSIVE: libtorch's OpenMP spin-waits by default, ~6x slower on busy cores.
#
# LD_PRELOAD of tcmalloc (Debian's libtcmalloc-minimal4, when installed): with glibc's malloc, every attack
# step's activation and gradient tensors (tens of MB on a batch shard) are mapped, page-faulted and returned to
# the kernel again. Measured on cnn_bn_std, PGD-40 on 500 points, on a loaded 2-core machine: 1,609,110 minor
# page faults and 51.2 CPU s (14.8 of them in the kernel) with glibc, 119,264 and 21.7 CPU s with tcmalloc,
# with the same results (perf/README.md, "Memory allocator"). ROBUSTJ_MALLOC=system keeps glibc's malloc;
# ROBUSTJ_MALLOC=/path/lib.so preloads another allocator.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
robustj_malloc="${ROBUSTJ_MALLOC:-}"
if [ -z "$robustj_malloc" ]; then
  for lib in /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 /usr/lib/aarch64-linux-gnu/libtcmalloc_minimal.so.4 \
             /usr/lib64/libtcmalloc_minimal.so.4 /usr/lib/libtcmalloc_minimal.so.4; do
    if [ -f "$lib" ]; then robustj_malloc="$lib"; break; fi
  done
fi
if [ -n "$robustj_malloc" ] && [ "$robustj_malloc" != system ]; then
  if [ ! -f "$robustj_malloc" ]; then
    echo "error: ROBUSTJ_MALLOC=$robustj_malloc: no such file (give a shared library, or 'system')" >&2
    exit 2
  fi
  case ":${LD_PRELOAD:-}:" in
    *":$robustj_malloc:"*) ;;
    *) export LD_PRELOAD="$robustj_malloc${LD_PRELOAD:+:$LD_PRELOAD}" ;;
  esac
fi
unset robustj_malloc
