-- wrk script: one machine-readable RESULT line at the end (wrk's own summary has no p99.9).
-- With WRK_THINK_MS set, each connection waits that long before its next request (wrk's delay()),
-- which is how the partial-load phase offers about half of the peak rate.
local think = tonumber(os.getenv("WRK_THINK_MS") or "")

if think and think > 0 then
  function delay() return think end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d bytes=%d err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d p50_us=%d p99_us=%d p999_us=%d max_us=%d\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
end
