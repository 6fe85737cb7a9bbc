-- wrk script for bench/http_load.py: asks for SPARQL JSON results and prints the figures the
-- report needs as one JSON line (wrk's own summary has no p95).
wrk.headers["Accept"] = "application/sparql-results+json"

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK-RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
    .. '"socket_errors": %d, "non_2xx": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout, e.status))
end
