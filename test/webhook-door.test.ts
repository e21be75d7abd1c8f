import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { testConfig } from './helpers/harness.js';
import { hmacHeaders, readFixture, VAPI_HMAC_SECRET, VAPI_SECRET } from './helpers/vapi.js';

/**
 * The webhooks are the one door open to anyone: a client without a credential must not make the
 * server read (and buffer) its body, and no client may hold a socket by sending slowly. These run
 * against a listening server, since what matters is what crosses the socket.
 */

const BIG = 15 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

let app: FastifyInstance;
let port: number;
/** What the server read from each connection, by the client's local port. */
const serverBytesRead = new Map<number, Promise<number>>();

before(async () => {
  const config = testConfig('sqlite::memory:', {
    vapi: { secret: VAPI_SECRET, hmacSecret: VAPI_HMAC_SECRET },
    retell: { apiKey: 'key_test_retell_0001' },
    timeouts: { requestMs: 1500, headersMs: 1000, keepAliveMs: 5000, idleMs: 60_000 },
  });
  app = await buildApp(config, { logger: false, backgroundJobs: false });
  app.server.on('connection', (socket: Socket) => {
    serverBytesRead.set(socket.remotePort!, new Promise((resolve) => socket.once('close', () => resolve(socket.bytesRead))));
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;
});
after(() => app?.close());

interface Outcome {
  status?: number;
  body?: { error_key?: string };
  /** Bytes of the body the client managed to hand to its socket before the connection ended. */
  sent: number;
  /** Bytes the server read from that connection, headers included. */
  read: number;
}

/** POSTs a `size`-byte body as fast as the socket takes it, until done or the server ends the exchange. */
function post(path: string, headers: Record<string, string>, size: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const outcome: Outcome = { sent: 0, read: 0 };
    let localPort = 0;
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      path,
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': String(size), ...headers },
    });
    request.on('socket', (socket) => socket.on('connect', () => (localPort = socket.localPort!)));
    let answered = false;
    const finish = async () => {
      outcome.read = (await serverBytesRead.get(localPort)) ?? -1;
      resolve(outcome);
    };
    request.on('response', (response) => {
      answered = true;
      outcome.status = response.statusCode;
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => {
        outcome.body = JSON.parse(text) as Outcome['body'];
      });
    });
    request.on('close', () => void finish());
    request.on('error', () => {});
    const pump = () => {
      while (!answered && outcome.sent < size) {
        const piece = CHUNK.subarray(0, Math.min(CHUNK.length, size - outcome.sent));
        outcome.sent += piece.length;
        if (!request.write(piece)) return void request.once('drain', pump);
      }
      if (outcome.sent >= size) request.end();
    };
    pump();
  });
}

describe('webhook credentials are checked before the body is read', () => {
  const refusedUnread = async (path: string, headers: Record<string, string>, status: number, errorKey: string) => {
    const outcome = await post(path, headers, BIG);
    assert.equal(outcome.status, status);
    assert.equal(outcome.body?.error_key, errorKey);
    // The server answered from the headers and hung up: it read a small part of the 15 MB, if any.
    assert.ok(outcome.read < BIG / 3, `the server read ${outcome.read} bytes of a ${BIG}-byte request`);
  };

  test('15 MB without any credential: 401, unread', () => refusedUnread('/api/v1/webhooks/vapi', {}, 401, 'WEBHOOK_UNAUTHORIZED'));
  test('15 MB with a wrong shared secret: 401, unread', () =>
    refusedUnread('/api/v1/webhooks/vapi', { 'x-vapi-secret': 'not-the-secret' }, 401, 'WEBHOOK_UNAUTHORIZED'));
  test('15 MB with a wrong bearer token: 401, unread', () =>
    refusedUnread('/api/v1/webhooks/vapi', { authorization: 'Bearer not-the-secret' }, 401, 'WEBHOOK_UNAUTHORIZED'));
  test('15 MB with a malformed signature: 401, unread', () =>
    refusedUnread(
      '/api/v1/webhooks/vapi',
      { 'x-signature': 'deadbeef', 'x-timestamp': String(Math.floor(Date.now() / 1000)) },
      401,
      'WEBHOOK_UNAUTHORIZED',
    ));
  test('15 MB with a stale signature timestamp: 401, unread', () =>
    refusedUnread('/api/v1/webhooks/vapi', hmacHeaders('{}', Math.floor(Date.now() / 1000) - 3600), 401, 'WEBHOOK_UNAUTHORIZED'));
  test('15 MB to Retell without a signature: 401, unread', () => refusedUnread('/api/v1/webhooks/retell', {}, 401, 'WEBHOOK_UNAUTHORIZED'));

  test('a well-formed signature is verified against the body once read: a wrong one is 401', async () => {
    const outcome = await post('/api/v1/webhooks/vapi', hmacHeaders('{"another":"body"}'), 1024);
    assert.equal(outcome.status, 401);
    assert.equal(outcome.body?.error_key, 'WEBHOOK_UNAUTHORIZED');
  });

  test('a delivery with the right secret is read and taken, at full size', async () => {
    const body = readFixture('09-status-update-ended.json');
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/vapi',
      payload: body,
      headers: { 'content-type': 'application/json', 'x-vapi-secret': VAPI_SECRET },
    });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'ignored' });
  });
});

describe('slow clients are cut', () => {
  /** Opens a raw connection, writes `text`, and reports what the server sent back and whether it hung up. */
  function stall(text: string): Promise<{ reply: string; closedByServer: boolean }> {
    return new Promise((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      let reply = '';
      socket.on('data', (chunk) => (reply += chunk.toString()));
      socket.on('error', () => {});
      socket.on('close', () => resolve({ reply, closedByServer: true }));
      socket.write(text);
    });
  }

  test('a body that stops arriving: 408 and the connection closed', { timeout: 30_000 }, async () => {
    const head = [
      'POST /api/v1/webhooks/vapi HTTP/1.1',
      'host: 127.0.0.1',
      'content-type: application/json',
      `x-vapi-secret: ${VAPI_SECRET}`,
      'content-length: 100000',
      '',
      '',
    ].join('\r\n');
    const { reply, closedByServer } = await stall(`${head}{"message":`);
    assert.ok(closedByServer);
    assert.match(reply, /^HTTP\/1\.1 408 /);
  });

  test('headers that stop arriving: 408 and the connection closed', { timeout: 30_000 }, async () => {
    const { reply, closedByServer } = await stall('POST /api/v1/webhooks/vapi HTTP/1.1\r\nhost: 127.0.0.1\r\nx-vapi-se');
    assert.ok(closedByServer);
    assert.match(reply, /^HTTP\/1\.1 408 /);
  });
});
