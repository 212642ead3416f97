// Writes bench/results/README.md: one table (mean, allocated) of the hot-path benchmarks that
// `./build.sh bench` runs, read from BenchmarkDotNet's CSV reports in bench/results/results/.
// Usage: node bench/summarize.mjs RESULTS_DIR FILTER...   (the same globs as BenchmarkDotNet's --filter)
import fs from 'node:fs';
import path from 'node:path';

const [dir, ...filters] = process.argv.slice(2);
const reports = path.join(dir, 'results');
const globToRegex = g => new RegExp('^' + g.split('*').map(s => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
const patterns = filters.map(globToRegex);

// BenchmarkDotNet's CSV: a header row, then one row per benchmark; fields may be quoted.
function parseCsv(text) {
  const rows = [];
  for (const line of text.split(/\r?\n/).filter(Boolean)) {
    const fields = [];
    let field = '', quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) { if (c === '"' && line[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c; }
      else if (c === '"') quoted = true;
      else if (c === ',') { fields.push(field); field = ''; }
      else field += c;
    }
    fields.push(field);
    rows.push(fields);
  }
  return rows;
}

const loadavg = () => { try { return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '); } catch { return 'unknown'; } };

const found = [];
for (const file of fs.readdirSync(reports).filter(f => f.endsWith('-report.csv')).sort()) {
  const type = file.replace(/-report\.csv$/, '');
  const [header, ...rows] = parseCsv(fs.readFileSync(path.join(reports, file), 'utf8'));
  const col = name => header.indexOf(name);
  const when = fs.statSync(path.join(reports, file)).mtime.toISOString().slice(0, 16).replace('T', ' ');
  for (const r of rows) {
    const full = `${type}.${r[col('Method')]}`;
    if (!patterns.some(p => p.test(full))) continue;
    found.push({ type: type.split('.').pop(), method: r[col('Method')], mean: r[col('Mean')], error: r[col('Error')],
      allocated: col('Allocated') >= 0 ? r[col('Allocated')] : '?', job: r[col('Job')] ?? '', when });
  }
}

const lines = [
  '# Benchmark results: the hot paths',
  '',
  'Written by `./build.sh bench` (bench/summarize.mjs) from the BenchmarkDotNet reports in `results/`. Every benchmark',
  'is `[MemoryDiagnoser]`: "allocated" is managed bytes per operation (0 B is the goal on the request path).',
  'The machine is a shared 2-core VM: read means as ±15 %, compare runs made together.',
  `Load average when this summary was written: ${loadavg()} (other builds share the machine; a high one inflates means and errors).`,
  '',
  '| benchmark | method | mean | error | allocated | job | report written (UTC) |',
  '|---|---|---|---|---|---|---|',
  ...found.map(f => `| ${f.type} | ${f.method} | ${f.mean} | ${f.error} | ${f.allocated} | ${f.job} | ${f.when} |`),
  '',
  `Filters: ${filters.map(f => `\`${f}\``).join(', ')}.`,
  '',
];
fs.writeFileSync(path.join(dir, 'README.md'), lines.join('\n'));
console.log(`bench/results/README.md: ${found.length} benchmarks`);
