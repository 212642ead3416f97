// Opens N keep-alive HTTP/1.1 connections to 127.0.0.1:PORT, sends one GET on each and waits for its
// whole response, then keeps them all open and idle. Prints "READY <open>" when every connection has
// been served once, then waits for a line on stdin (the harness reads the proxy's RSS meanwhile) and
// closes everything. Bounded: at most CONCURRENCY connects in flight, and it gives up after
// DEADLINE_MS with whatever it has (printing how many are open).
// Usage: node idle-conns.mjs PORT PATH COUNT [DEADLINE_MS]
import net from 'node:net';
import readline from 'node:readline';

const [port, path, countArg, deadlineArg] = process.argv.slice(2);
const count = Number(countArg);
const deadline = Date.now() + Number(deadlineArg ?? 60000);
const CONCURRENCY = 256;
const request = Buffer.from(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
const sockets = [];
let started = 0, served = 0, failed = 0, inFlight = 0, reported = false;

function openOne() {
  started++; inFlight++;
  const s = net.connect({ host: '127.0.0.1', port: Number(port) });
  let seen = '';
  let done = false;
  const finish = ok => {
    if (done) return;
    done = true; inFlight--;
    if (ok) { served++; sockets.push(s); } else { failed++; s.destroy(); }
    pump();
  };
  s.setNoDelay(true);
  s.on('connect', () => s.write(request));
  s.on('data', d => {
    // The responses are small and fixed (13-byte body): the end of the body is the end of the response.
    seen += d.toString('latin1');
    if (seen.includes('\r\n\r\n') && seen.endsWith('Hello, World!')) finish(true);
  });
  s.on('error', () => finish(false));
  s.on('close', () => finish(false));
}

function pump() {
  while (started < count && inFlight < CONCURRENCY && Date.now() < deadline) openOne();
  if (!reported && (served + failed >= count || (inFlight === 0 && Date.now() >= deadline))) report();
}

function report() {
  reported = true;
  process.stdout.write(`READY ${served} failed=${failed}\n`);
  readline.createInterface({ input: process.stdin }).once('line', () => {
    for (const s of sockets) s.destroy();
    process.exit(0);
  });
}

setTimeout(() => { if (!reported) report(); }, Math.max(0, deadline - Date.now()) + 5000).unref();
pump();
