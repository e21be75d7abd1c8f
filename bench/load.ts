import { execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

/** In a request body, replaced by a fresh UUID for every request sent (webhooks need unique call ids). */
export const UNIQUE_ID = '00000000-0000-4000-8000-000000000000';

export interface LoadRequest {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  url: string;
  seconds: number;
  connections: number;
  /** A fresh request each time it is called (random ids, a random report template). */
  next: () => LoadRequest;
}

export interface LoadResult {
  rps: number;
  /** Latencies in milliseconds. */
  p50: number;
  p99: number;
  /** Answers that were not a success: outside 2xx for autocannon, 400 and above for wrk. */
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
}

export type LoadTool = 'wrk' | 'autocannon';

/**
 * wrk when installed (`apt-get install wrk`): written in C, it leaves the two cores to the server
 * and the database, where autocannon takes a quarter of one. autocannon otherwise (an npm package).
 */
export function defaultLoadTool(): LoadTool {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return 'wrk';
  } catch (error) {
    // wrk prints its version and exits with 1; only a missing binary throws ENOENT.
    return (error as { code?: string }).code === 'ENOENT' ? 'autocannon' : 'wrk';
  }
}

export function runLoad(tool: LoadTool, options: LoadOptions): Promise<LoadResult> {
  return tool === 'wrk' ? runWrk(options) : runAutocannon(options);
}

async function runAutocannon({ url, seconds, connections, next }: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          const { body, ...rest } = next();
          return { ...request, ...rest, body: body?.replace(UNIQUE_ID, randomUUID()) };
        },
      },
    ],
  });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** Raw requests wrk sends as they are; a sample large enough that picking at random stays random. */
const WRK_SAMPLE_REQUESTS = 2000;
const WRK_SAMPLE_BYTES = 16_000_000;

/**
 * wrk picks one of a sample of raw HTTP requests per request (its Lua `request()` hook), putting a
 * unique id where the body asks for one, and reports its figures as JSON from the `done()` hook.
 * One thread: 16 connections need no more, and a thread per core would compete with the server.
 */
async function runWrk({ url, seconds, connections, next }: LoadOptions): Promise<LoadResult> {
  const host = new URL(url).host;
  const sample: string[][] = [];
  let bytes = 0;
  while (sample.length < WRK_SAMPLE_REQUESTS && bytes < WRK_SAMPLE_BYTES) {
    const request = next();
    const raw = rawHttpRequest(host, request);
    sample.push(raw.split(UNIQUE_ID));
    bytes += raw.length;
  }
  const dir = mkdtempSync(join(tmpdir(), 'zenicall-wrk-'));
  try {
    writeFileSync(join(dir, 'requests.lua'), `return {\n${sample.map((parts) => `{${parts.map(luaString).join(',')}}`).join(',\n')}\n}\n`);
    writeFileSync(join(dir, 'script.lua'), wrkScript(join(dir, 'requests.lua'), randomBytes(4).toString('hex'), randomInt(2 ** 31)));
    const output = await new Promise<string>((resolve, reject) => {
      const wrk = spawn('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '-s', join(dir, 'script.lua'), url]);
      let stdout = '';
      let stderr = '';
      wrk.stdout.on('data', (chunk) => (stdout += chunk));
      wrk.stderr.on('data', (chunk) => (stderr += chunk));
      wrk.on('error', reject);
      wrk.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`wrk exited with ${code}: ${stderr}`))));
    });
    const line = output.split('\n').find((l) => l.startsWith('{"wrk":'));
    if (!line) throw new Error(`wrk printed no result:\n${output}`);
    const figures = JSON.parse(line) as {
      requests: number;
      duration_us: number;
      p50_us: number;
      p99_us: number;
      status: number;
      socket: number;
    };
    return {
      rps: Math.round(figures.requests / (figures.duration_us / 1e6)),
      p50: Math.round(figures.p50_us / 100) / 10,
      p99: Math.round(figures.p99_us / 100) / 10,
      non2xx: figures.status,
      errors: figures.socket,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function rawHttpRequest(host: string, { method, path, headers, body }: LoadRequest): string {
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${host}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  if (body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body ?? ''}`;
}

/** A quoted Lua string (a long bracket string would turn the requests' CRLFs into LFs). */
function luaString(text: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${text.replace(/[\\"\x00-\x1f]/g, (char) => `\\${String(char.charCodeAt(0)).padStart(3, '0')}`)}"`;
}

/** `idPrefix`: 8 random hex digits per run, so unique ids stay unique across runs. */
function wrkScript(requestsFile: string, idPrefix: string, seed: number): string {
  return `
local requests = dofile(${luaString(requestsFile)})
math.randomseed(${seed})
local prefix = "${idPrefix}"
local counter = 0

request = function()
  local parts = requests[math.random(#requests)]
  if #parts == 1 then return parts[1] end
  counter = counter + 1
  local id = string.format("%s-%04x-4%03x-8%03x-%012x", prefix, math.random(0, 0xffff), math.random(0, 0xfff), math.random(0, 0xfff), counter)
  return table.concat(parts, id)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"wrk":1,"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"status":%d,"socket":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
`;
}
