// Turns load/run.sh's rows into the report: latest.md (medians, spread, paired ratios to nginx),
// latest.svg (bars a person reads at a glance). latest.json (every row) is written by run.sh.
// Usage: node load/report.mjs results/latest.json OUT_DIR
import fs from 'node:fs';
import path from 'node:path';

const [input, outDir] = process.argv.slice(2);
const run = JSON.parse(fs.readFileSync(input, 'utf8'));
const rows = run.rows;
const PROXIES = ['edge', 'nginx', 'haproxy'];
const TARGETS = ['direct', ...PROXIES];
const NAMES = { direct: 'direct (backend)', edge: 'Edge (native)', nginx: `nginx ${run.versions.nginx.replace(/^nginx\//, '')}`, haproxy: `HAProxy ${run.versions.haproxy.replace(/-.*/, '')}` };
const CELLS = { 'h1-13B': 'HTTP/1.1, 13 B', 'h1-4K': 'HTTP/1.1, 4 KiB', 'h2-13B': 'h2c, 13 B' };
const COLORS = { direct: '#9e9e9e', edge: '#1565c0', nginx: '#2e7d32', haproxy: '#ef6c00' };

const median = a => {
  const s = a.filter(v => v !== null && v !== undefined && !Number.isNaN(v)).sort((x, y) => x - y);
  if (!s.length) return null;
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
};
const min = a => (a.length ? Math.min(...a) : null);
const max = a => (a.length ? Math.max(...a) : null);
const spreadPct = a => { const m = median(a); return m ? (100 * (max(a) - min(a))) / m : null; };
const pick = (phase, target, cell) => rows.filter(r => r.phase === phase && r.target === target && r.cell === cell);
const fmt = (v, d = 1) => (v === null || v === undefined ? '–' : Number(v).toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
const ms = us => (us === null ? '–' : (us / 1000).toFixed(2));

// Ratio to nginx paired round by round: the same round's nginx cell is the denominator, then the median.
function pairedRatio(phase, target, cell, key) {
  const ratios = [];
  for (const r of pick(phase, target, cell)) {
    const n = rows.find(x => x.phase === phase && x.target === 'nginx' && x.cell === cell && x.round === r.round);
    if (n && n[key] && r[key] !== null) ratios.push(r[key] / n[key]);
  }
  return { median: median(ratios), min: min(ratios), max: max(ratios) };
}

const md = [];
const peakRows = rows.filter(r => r.phase === 'peak' || r.phase === 'jwt' || r.phase === 'partial');
const flagged = peakRows.filter(r => r.flagged);
md.push('# Load run: Edge beside nginx and HAProxy');
md.push('');
md.push(`${run.started}, ${run.elapsed_s} s${run.quick ? ' (**--quick**: one short round, a smoke test, not a measurement)' : ''}. ` +
  `${run.rounds} interleaved rounds of ${run.duration_s} s cells; \`${run.wrk}\` (HTTP/1.1 keep-alive), \`${run.h2load}\` (h2c). ` +
  `Load generator and backend (nginx, 1 worker) on CPU 0, the proxy under test alone on CPU 1; all traffic on 127.0.0.1. ` +
  `CPU per request = the proxy's utime+stime (all its processes, from /proc) over the requests served. Method: docs/performance.md.`);
md.push('');
md.push(`Machine: ${run.machine.cpus} CPUs, ${run.machine.model}, kernel ${run.machine.kernel}; load average at the end ${run.machine.loadavg_end}. ` +
  `Versions: Edge ${run.versions.edge}; nginx ${run.versions.nginx}; HAProxy ${run.versions.haproxy}; wrk ${run.versions.wrk}; h2load ${run.versions.h2load}.`);
md.push('');
md.push(`**Flagged cells** (other processes or stolen time above ${run.flag_other_pct} % of a CPU during the cell): ${flagged.length} of ${peakRows.length}` +
  (flagged.length ? ` — ${flagged.map(r => `${r.phase} r${r.round} ${r.target} ${r.cell} (cpu0 ${r.other_cpu0_pct}%, cpu1 ${r.other_cpu1_pct}%, steal ${r.steal_pct}%)`).slice(0, 12).join('; ')}${flagged.length > 12 ? '; …' : ''}` : '') + '.');
md.push('');

md.push('| round | cells flagged | median other use CPU 0 / CPU 1 | median steal | load average (start of its cells) |');
md.push('|---|---|---|---|---|');
for (let round = 1; round <= run.rounds; round++) {
  const rs = rows.filter(r => (r.phase === 'peak' || r.phase === 'jwt') && r.round === round);
  if (!rs.length) continue;
  md.push(`| ${round} | ${rs.filter(r => r.flagged).length} of ${rs.length} | ${fmt(median(rs.map(r => r.other_cpu0_pct)), 0)} % / ${fmt(median(rs.map(r => r.other_cpu1_pct)), 0)} % | ` +
    `${fmt(median(rs.map(r => r.steal_pct)), 1)} % | ${fmt(min(rs.map(r => r.loadavg[0])), 1)}–${fmt(max(rs.map(r => r.loadavg[0])), 1)} |`);
}
md.push('');

md.push('## Peak: medians over the rounds');
md.push('');
md.push('| load | target | requests/s | CPU µs/request | user / sys µs | vs nginx: CPU (paired) | vs nginx: req/s | p50 ms | p99 ms | p99.9 ms | errors | CPU spread |');
md.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const cell of Object.keys(CELLS)) {
  for (const t of TARGETS) {
    const rs = pick('peak', t, cell);
    if (!rs.length) continue;
    const cpu = rs.map(r => r.cpu_us_per_req).filter(v => v !== null);
    const rc = t === 'direct' ? null : pairedRatio('peak', t, cell, 'cpu_us_per_req');
    const rr = pairedRatio('peak', t, cell, 'rps');
    md.push(`| ${CELLS[cell]} | ${NAMES[t]} | ${fmt(median(rs.map(r => r.rps)), 0)} | ${cpu.length ? fmt(median(cpu), 1) : '–'} | ` +
      `${cpu.length ? `${fmt(median(rs.map(r => r.user_us_per_req)))} / ${fmt(median(rs.map(r => r.sys_us_per_req)))}` : '–'} | ` +
      `${rc && rc.median !== null ? `${rc.median.toFixed(2)}× (${rc.min.toFixed(2)}–${rc.max.toFixed(2)})` : '–'} | ${rr.median !== null ? `${rr.median.toFixed(2)}×` : '–'} | ` +
      `${ms(median(rs.map(r => r.p50_us)))} | ${ms(median(rs.map(r => r.p99_us)))} | ${ms(median(rs.map(r => r.p999_us)))} | ` +
      `${rs.reduce((a, r) => a + r.errors, 0)} | ${cpu.length ? `${fmt(spreadPct(cpu), 0)} %` : '–'} |`);
  }
}
md.push('');
md.push('"vs nginx" is the median over rounds of (target ÷ nginx in the same round), with the lowest and highest ratio; CPU spread is (max − min) ÷ median over the rounds. ' +
  'The direct target has no proxy; its CPU is not counted (the backend shares CPU 0 with the load generator), it shows what the backend and load generator can do alone. ' +
  'h2load reports no p99 of its own: its latencies come from its per-request log.');
md.push('');

md.push('## CPU µs per request, round by round');
md.push('');
md.push(`| load | target | ${Array.from({ length: run.rounds }, (_, i) => `r${i + 1}`).join(' | ')} |`);
md.push(`|---|---|${'---|'.repeat(run.rounds)}`);
for (const cell of Object.keys(CELLS)) {
  for (const t of PROXIES) {
    const cells = Array.from({ length: run.rounds }, (_, i) => {
      const r = pick('peak', t, cell).find(x => x.round === i + 1);
      return r ? `${fmt(r.cpu_us_per_req)}${r.flagged ? ' ⚑' : ''}` : '–';
    });
    md.push(`| ${CELLS[cell]} | ${NAMES[t]} | ${cells.join(' | ')} |`);
  }
}
md.push('');
md.push('⚑ = flagged cell (see above).');
md.push('');

const partial = rows.filter(r => r.phase === 'partial');
if (partial.length) {
  md.push(`## Latency at about half of peak (HTTP/1.1, 13 B)`);
  md.push('');
  md.push(`Offered load: ${run.wrk} with a think time of ${run.think_ms} ms per connection between requests (wrk's \`delay()\`), ` +
    `aimed at half of the slowest proxy's median peak (${fmt(run.partial_offered_base_rps, 0)} req/s), the same for every target.`);
  md.push('');
  md.push('| target | requests/s | CPU µs/request | p50 ms | p99 ms | p99.9 ms | errors |');
  md.push('|---|---|---|---|---|---|---|');
  for (const t of TARGETS) {
    const rs = partial.filter(r => r.target === t);
    if (!rs.length) continue;
    md.push(`| ${NAMES[t]} | ${fmt(median(rs.map(r => r.rps)), 0)} | ${t === 'direct' ? '–' : fmt(median(rs.map(r => r.cpu_us_per_req)))} | ` +
      `${ms(median(rs.map(r => r.p50_us)))} | ${ms(median(rs.map(r => r.p99_us)))} | ${ms(median(rs.map(r => r.p999_us)))} | ${rs.reduce((a, r) => a + r.errors, 0)} |`);
  }
  md.push('');
}

const jwt = rows.filter(r => r.phase === 'jwt');
if (jwt.length) {
  const bare = jwt.filter(r => r.cell === 'h1-13B-bare');
  const prot = jwt.filter(r => r.cell === 'h1-13B-jwt');
  const ratios = prot.map(p => { const b = bare.find(x => x.round === p.round); return b && b.cpu_us_per_req ? p.cpu_us_per_req / b.cpu_us_per_req : null; }).filter(v => v !== null);
  md.push('## JWT (cached) + throttle vs a bare route (Edge, HTTP/1.1, 13 B)');
  md.push('');
  md.push(`Same Edge, same \`Authorization: Bearer\` header (one RS256 token: every request after the first is a verified-token cache hit). Throttle: ${run.throttle_note}.`);
  md.push('');
  md.push('| route | requests/s | CPU µs/request | p50 ms | p99 ms | p99.9 ms | errors |');
  md.push('|---|---|---|---|---|---|---|');
  for (const [name, rs] of [['bare (no policy)', bare], [run.throttle ? 'JWT + throttle' : 'JWT (throttle not available)', prot]]) {
    md.push(`| ${name} | ${fmt(median(rs.map(r => r.rps)), 0)} | ${fmt(median(rs.map(r => r.cpu_us_per_req)))} | ${ms(median(rs.map(r => r.p50_us)))} | ` +
      `${ms(median(rs.map(r => r.p99_us)))} | ${ms(median(rs.map(r => r.p999_us)))} | ${rs.reduce((a, r) => a + r.errors, 0)} |`);
  }
  md.push('');
  if (ratios.length) md.push(`CPU per request, protected ÷ bare, paired by round: median ${median(ratios).toFixed(3)} (${min(ratios).toFixed(3)}–${max(ratios).toFixed(3)}).`);
  md.push('');
}

md.push('## Syscalls, memory, startup');
md.push('');
md.push('| target | syscalls/request h1 | syscalls/request h2c | peak RSS under load | idle connections | RSS fresh process → with them | per idle connection | startup to first 200 (median) |');
md.push('|---|---|---|---|---|---|---|---|');
for (const t of PROXIES) {
  const sc = c => rows.find(r => r.phase === 'syscalls' && r.target === t && r.cell === c);
  const mem = rows.find(r => r.phase === 'memory' && r.target === t);
  const idle = rows.find(r => r.phase === 'idle' && r.target === t);
  const start = rows.filter(r => r.phase === 'startup' && r.target === t).map(r => r.first200_ms);
  const s1 = sc('h1-13B'), s2 = sc('h2-13B');
  md.push(`| ${NAMES[t]} | ${s1 && s1.syscalls_per_req !== null ? s1.syscalls_per_req.toFixed(2) : '–'} | ${s2 && s2.syscalls_per_req !== null ? s2.syscalls_per_req.toFixed(2) : '–'} | ` +
    `${mem ? `${(mem.peak_rss_kb / 1024).toFixed(1)} MiB` : '–'} | ${idle ? `${fmt(idle.connections, 0)} of ${fmt(idle.wanted, 0)}` : '–'} | ` +
    `${idle ? `${(idle.rss_fresh_kb / 1024).toFixed(1)} → ${(idle.rss_with_conns_kb / 1024).toFixed(1)} MiB` : '–'} | ${idle ? `${idle.kb_per_connection.toFixed(2)} kB` : '–'} | ` +
    `${start.length ? `${fmt(median(start), 1)} ms (${start.length} starts)` : '–'} |`);
}
md.push('');
md.push(`Syscalls: ${run.perf ? '`perf stat -e raw_syscalls:sys_enter` on all of the proxy\'s processes and threads during a short run' : 'perf was not available: not measured'}. ` +
  'RSS sums every process of the proxy (nginx: master and worker). Startup: from spawning the process to the first 200 through it (the backend already up), by a client retrying every millisecond.');
md.push('');
fs.writeFileSync(path.join(outDir, 'latest.md'), md.join('\n'));

// The chart: two panels (CPU per request, requests/s), one group of bars per load, whiskers min–max.
function panel(x0, y0, w, h, title, key, targets, unit) {
  const groups = Object.keys(CELLS);
  const stats = groups.map(c => targets.map(t => {
    const v = pick('peak', t, c).map(r => r[key]).filter(v => v !== null);
    return { t, med: median(v), lo: min(v), hi: max(v) };
  }));
  const top = Math.max(...stats.flat().map(s => s.hi ?? 0)) * 1.15 || 1;
  const out = [`<text x="${x0}" y="${y0 - 10}" font-size="15" font-weight="bold">${title}</text>`];
  out.push(`<line x1="${x0}" y1="${y0 + h}" x2="${x0 + w}" y2="${y0 + h}" stroke="#444"/>`);
  const gw = w / groups.length, bw = Math.min(46, (gw - 30) / targets.length);
  groups.forEach((c, gi) => {
    const gx = x0 + gi * gw + (gw - bw * targets.length) / 2;
    stats[gi].forEach((s, ti) => {
      if (s.med === null) return;
      const x = gx + ti * bw, bh = (s.med / top) * h, y = y0 + h - bh;
      out.push(`<rect x="${x + 3}" y="${y.toFixed(1)}" width="${bw - 6}" height="${bh.toFixed(1)}" fill="${COLORS[s.t]}"/>`);
      const yl = y0 + h - (s.lo / top) * h, yh = y0 + h - (s.hi / top) * h, cx = x + bw / 2;
      out.push(`<line x1="${cx}" y1="${yl.toFixed(1)}" x2="${cx}" y2="${yh.toFixed(1)}" stroke="#000" stroke-width="1"/>`);
      const label = key === 'rps' ? `${(s.med / 1000).toFixed(1)}k` : s.med.toFixed(1);
      out.push(`<text x="${cx}" y="${(yh - 4).toFixed(1)}" font-size="11" text-anchor="middle">${label}</text>`);
    });
    out.push(`<text x="${x0 + gi * gw + gw / 2}" y="${y0 + h + 18}" font-size="12" text-anchor="middle">${CELLS[c]}</text>`);
  });
  out.push(`<text x="${x0 - 8}" y="${y0 + h / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 ${x0 - 8} ${y0 + h / 2})">${unit}</text>`);
  return out.join('\n');
}
const W = 960, H = 640;
const svg = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">`,
  `<rect width="${W}" height="${H}" fill="#fff"/>`,
  `<text x="20" y="26" font-size="17" font-weight="bold">Edge beside nginx and HAProxy — ${run.started}${run.quick ? ' (quick smoke run)' : ''}</text>`,
  `<text x="20" y="46" font-size="12" fill="#444">Median of ${run.rounds} interleaved rounds (whiskers: lowest–highest round); ${flagged.length} of ${peakRows.length} cells flagged for other CPU use (see latest.md).</text>`,
  `<text x="20" y="62" font-size="12" fill="#444">Proxy alone on CPU 1; load generator and backend on CPU 0; ${run.wrk} (HTTP/1.1), ${run.h2load} (h2c); all on 127.0.0.1.</text>`,
  panel(50, 95, W - 80, 190, 'Proxy CPU per request (µs, lower is better)', 'cpu_us_per_req', PROXIES, 'µs / request'),
  panel(50, 370, W - 80, 190, 'Requests per second (higher is better)', 'rps', TARGETS, 'requests / s')];
TARGETS.forEach((t, i) => {
  svg.push(`<rect x="${50 + i * 200}" y="${H - 32}" width="14" height="14" fill="${COLORS[t]}"/>`);
  svg.push(`<text x="${70 + i * 200}" y="${H - 20}" font-size="12">${NAMES[t]}</text>`);
});
svg.push('</svg>');
fs.writeFileSync(path.join(outDir, 'latest.svg'), svg.join('\n') + '\n');
