import { Readable } from 'node:stream';
import type { Db } from '../../db/database.js';
import { Errors } from '../../shared/errors.js';
import { canSeeClinic } from '../auth/principal.js';
import { appendActivity } from '../activity/repository.js';
import { findRecordingSource } from '../call-logs/repository.js';
import { clinicIdsOf, findAccount } from '../users/repository.js';
import type { RecordingLinks, SignedLinkParts } from './links.js';

export interface RecordingDeps {
  db: Db;
  links: RecordingLinks;
  /** How long the provider may take to start answering. */
  upstreamTimeoutMs: number;
}

export interface RecordingStream {
  status: 200 | 206;
  headers: Record<string, string>;
  body: Readable;
}

/** One byte range (`bytes=500-`, `bytes=500-999`, `bytes=-500`); anything else is served whole, as HTTP allows. */
const SINGLE_RANGE = /^bytes=(\d+-\d*|-\d+)$/;

/** Headers of the provider's answer that the browser needs to play and seek. */
const PASSED_HEADERS = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'last-modified', 'etag'] as const;

/**
 * Streams a call's recording from the provider to whoever holds a valid link: the link's signature and
 * expiry, then that its user still exists and still works for the call's clinic (a link outlives
 * neither), then the provider's bytes with the client's Range passed through, so seeking works.
 * A play start (no range, or from byte 0) is written to the call's trail; the chunks a player fetches
 * while seeking are not.
 */
export async function openRecording(
  deps: RecordingDeps,
  callLogId: number,
  link: SignedLinkParts,
  rangeHeader: string | undefined,
  abort: AbortSignal,
): Promise<RecordingStream> {
  const [user, call] = await Promise.all([findAccount(deps.db, link.user), findRecordingSource(deps.db, callLogId)]);
  if (!user) throw Errors.recordingLinkInvalid('The user this link was issued to no longer exists.');
  // Checked against the user's version now: a link issued before a sign-out no longer matches.
  const verdict = deps.links.check(callLogId, link, user.token_version);
  if (verdict === 'invalid') throw Errors.recordingLinkInvalid();
  if (verdict === 'expired') throw Errors.recordingLinkExpired();
  if (user.disabled_at !== null) throw Errors.recordingLinkInvalid('The user this link was issued to has been disabled.');
  if (!call) throw Errors.recordingNotFound('No such call.');
  if (!canSeeClinic({ ...user, clinicIds: await clinicIdsOf(deps.db, user.id) }, call.clinic_id)) {
    throw Errors.recordingLinkInvalid('The user this link was issued to no longer works for this clinic.');
  }
  const source = call.audio_recording_url ? webAddress(call.audio_recording_url) : undefined;
  if (!source) throw Errors.recordingNotFound();

  const range = rangeHeader && SINGLE_RANGE.test(rangeHeader.trim()) ? rangeHeader.trim() : undefined;
  const upstream = await fetchUpstream(source, range, deps.upstreamTimeoutMs, abort);
  if (!range || range.startsWith('bytes=0-')) {
    await appendActivity(deps.db, {
      call_log_id: call.id,
      clinic_id: call.clinic_id,
      actor_user_id: user.id,
      actor_name: user.full_name ?? user.email,
      action: 'recording_played',
    });
  }
  return upstream;
}

function webAddress(stored: string): URL | undefined {
  try {
    const url = new URL(stored);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

async function fetchUpstream(source: URL, range: string | undefined, timeoutMs: number, abort: AbortSignal): Promise<RecordingStream> {
  // The timeout covers the provider starting to answer; a long recording then streams as long as it takes.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const onClientGone = () => controller.abort();
  abort.addEventListener('abort', onClientGone, { once: true });
  let response: Response;
  try {
    // Identity: the byte ranges and lengths passed back must be those of the file itself, not of a compressed copy.
    response = await fetch(source, {
      headers: { 'accept-encoding': 'identity', ...(range ? { range } : {}) },
      signal: controller.signal,
      redirect: 'follow',
    });
  } catch {
    abort.removeEventListener('abort', onClientGone);
    throw Errors.recordingUnavailable(
      controller.signal.aborted && !abort.aborted
        ? `The voice provider did not answer within ${timeoutMs / 1000} s.`
        : 'The voice provider could not be reached.',
    );
  } finally {
    clearTimeout(timer);
  }
  const status = response.status;
  if (status !== 200 && status !== 206) {
    abort.removeEventListener('abort', onClientGone);
    await response.body?.cancel().catch(() => {});
    if (status === 416) throw Errors.recordingRangeNotSatisfiable();
    if (status === 404 || status === 410) throw Errors.recordingNotFound('The voice provider no longer has this recording.');
    throw Errors.recordingUnavailable(`The voice provider answered ${status}.`);
  }
  const headers: Record<string, string> = {};
  for (const name of PASSED_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  headers['content-type'] ??= 'application/octet-stream';
  if (status === 206) headers['accept-ranges'] ??= 'bytes';
  // A patient's voice: never kept by a shared cache, and never sniffed into something else.
  headers['cache-control'] = 'private, no-store';
  headers['x-content-type-options'] = 'nosniff';
  const body = response.body ? Readable.fromWeb(response.body as import('node:stream/web').ReadableStream) : Readable.from([]);
  body.once('close', () => abort.removeEventListener('abort', onClientGone));
  return { status, headers, body };
}
