// Startup time to the first 200: spawns the command, then sends GET PATH to 127.0.0.1:PORT every
// millisecond until one answers 200. Prints "FIRST200_MS <ms>" (from spawn to the 200), then stops the
// process with SIGTERM and waits for it to exit. Bounded: gives up after 10 s ("FIRST200_MS timeout").
// Usage: node first200.mjs PORT PATH -- COMMAND ARGS...
import { spawn } from 'node:child_process';
import http from 'node:http';

const argv = process.argv.slice(2);
const [port, path] = argv;
const cmd = argv.slice(argv.indexOf('--') + 1);
const agent = new http.Agent({ keepAlive: false });
const t0 = process.hrtime.bigint();
const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'ignore', 'ignore'] });
let finished = false;

function stop(text) {
  if (finished) return;
  finished = true;
  process.stdout.write(text + '\n');
  child.once('exit', () => process.exit(0));
  child.kill('SIGTERM');
  setTimeout(() => { child.kill('SIGKILL'); }, 3000).unref();
}

function attempt() {
  if (finished) return;
  if (process.hrtime.bigint() - t0 > 10_000_000_000n) return stop('FIRST200_MS timeout');
  const req = http.get({ host: '127.0.0.1', port: Number(port), path, agent }, res => {
    res.resume();
    if (res.statusCode === 200) stop(`FIRST200_MS ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(2)}`);
    else setTimeout(attempt, 1);
  });
  req.on('error', () => setTimeout(attempt, 1));
}

child.on('exit', code => { if (!finished) { finished = true; process.stdout.write(`FIRST200_MS exited(${code})\n`); process.exit(0); } });
attempt();
