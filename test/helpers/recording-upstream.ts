import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A voice provider's recording storage, on 127.0.0.1: serves the files it is given with byte-range
 * support (206 + Content-Range, 416 past the end), as Vapi's and Retell's storage do, so no test
 * reaches the network. `/unavailable/…` answers 503, anything unknown 404. It records each request's
 * path and Range header.
 */
export interface RecordingUpstream {
  url(path: string): string;
  readonly requests: { path: string; range: string | undefined }[];
  close(): Promise<void>;
}

export async function startRecordingUpstream(
  files: Record<string, Buffer>,
  options: { bytesPerSecond?: number } = {},
): Promise<RecordingUpstream> {
  const requests: RecordingUpstream['requests'] = [];
  /** Sends `bytes`, at `bytesPerSecond` when set (a slow link, so a player seeks before it has everything). */
  const send = (response: ServerResponse, bytes: Buffer) => {
    const rate = options.bytesPerSecond;
    if (!rate) return void response.end(bytes);
    const chunk = Math.max(1, Math.round(rate / 10));
    let offset = 0;
    const timer = setInterval(() => {
      if (response.destroyed) return clearInterval(timer);
      response.write(bytes.subarray(offset, offset + chunk));
      offset += chunk;
      if (offset >= bytes.length) {
        clearInterval(timer);
        response.end();
      }
    }, 100);
    response.once('close', () => clearInterval(timer));
  };
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://upstream').pathname;
    requests.push({ path, range: request.headers.range });
    if (path.startsWith('/unavailable/')) {
      response.writeHead(503).end('storage is down');
      return;
    }
    const file = files[path];
    if (!file) {
      response.writeHead(404).end('no such object');
      return;
    }
    const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? '');
    if (!range) {
      send(response.writeHead(200, { 'content-type': 'audio/wav', 'content-length': file.length, 'accept-ranges': 'bytes' }), file);
      return;
    }
    const [, from, to] = range;
    const start = from === '' ? Math.max(0, file.length - Number(to)) : Number(from);
    const end = from === '' || to === '' ? file.length - 1 : Math.min(Number(to), file.length - 1);
    if (start >= file.length || start > end) {
      response.writeHead(416, { 'content-range': `bytes */${file.length}` }).end();
      return;
    }
    send(
      response.writeHead(206, {
        'content-type': 'audio/wav',
        'content-length': end - start + 1,
        'content-range': `bytes ${start}-${end}/${file.length}`,
        'accept-ranges': 'bytes',
      }),
      file.subarray(start, end + 1),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A valid WAV file (8 kHz mono, 8-bit PCM: 8,000 bytes a second) whose samples differ from byte to
 * byte, so a wrong range cannot pass for the right one.
 */
export const tinyWav = (seconds: number): Buffer => pcmWav(seconds, (i) => 128 + Math.round(Math.sin(i / 7) * 60 + ((i * 31) % 17) - 8));

/** Samples a second in `pcmWav`'s files. */
export const WAV_RATE = 8000;

/** A WAV file (8 kHz mono, 8-bit PCM) of `seconds`, sample `i` being `sample(i)` (0–255, 128 is silence). */
export function pcmWav(seconds: number, sample: (i: number) => number): Buffer {
  const samples = Math.round(WAV_RATE * seconds);
  const buffer = Buffer.alloc(44 + samples);
  buffer.write('RIFF', 0);
  buffer.writeUInt32LE(36 + samples, 4);
  buffer.write('WAVE', 8);
  buffer.write('fmt ', 12);
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(1, 20); // PCM
  buffer.writeUInt16LE(1, 22); // mono
  buffer.writeUInt32LE(WAV_RATE, 24);
  buffer.writeUInt32LE(WAV_RATE, 28); // bytes per second
  buffer.writeUInt16LE(1, 32); // block align
  buffer.writeUInt16LE(8, 34); // bits per sample
  buffer.write('data', 36);
  buffer.writeUInt32LE(samples, 40);
  for (let i = 0; i < samples; i++) buffer[44 + i] = sample(i);
  return buffer;
}
