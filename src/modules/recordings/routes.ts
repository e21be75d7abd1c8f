import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses, Id } from '../../shared/schemas.js';
import { CallLogParams } from '../call-logs/schemas.js';
import { openRecording } from './service.js';

/** How long the provider's storage may take to start answering before the player is told it is unavailable. */
const UPSTREAM_TIMEOUT_MS = 10_000;

const RecordingLinkQuery = Type.Object({
  expires: Type.Integer({ minimum: 0, description: 'Unix time (seconds) after which the link no longer plays.' }),
  user: Id,
  signature: Type.String({ minLength: 1, maxLength: 128 }),
});

/** Documented as binary; the handler sends a stream, which Fastify passes on without serialising. */
const audio = Type.Unsafe<Readable>({
  type: 'string',
  format: 'binary',
  description: 'The recording’s bytes, as the voice provider stores them.',
});

/**
 * Outside the bearer-token scope: an `<audio>` element cannot send an Authorization header, so the
 * signed link (handed out in the call's detail) is the credential, checked by the service.
 */
export const recordingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/call-logs/:call_log_id/recording',
    {
      schema: {
        tags: ['call-logs'],
        summary: 'Play a call’s recording through a signed link (the detail’s `audio_recording_url`)',
        description:
          'Streams the recording from the voice provider. `Range` requests are passed through (206 with `Content-Range`), so a player can seek. The link is valid for one user, for ZENICALL_RECORDING_LINK_SECONDS, and only while that user still works for the call’s clinic. Each play start is recorded in the call’s activity trail (`recording_played`).',
        params: CallLogParams,
        querystring: RecordingLinkQuery,
        response: {
          200: { description: 'The whole recording.', content: { 'audio/*': { schema: audio } } },
          206: {
            description: 'The requested bytes of the recording (`Content-Range` says which).',
            content: { 'audio/*': { schema: audio } },
          },
          ...errorResponses(
            'recordingLinkInvalid',
            'recordingLinkExpired',
            'recordingNotFound',
            'recordingRangeNotSatisfiable',
            'recordingUnavailable',
            'validation',
          ),
        },
      },
    },
    async (request, reply) => {
      const gone = new AbortController();
      reply.raw.once('close', () => gone.abort());
      const recording = await openRecording(
        { db: app.db, links: app.recordingLinks, upstreamTimeoutMs: UPSTREAM_TIMEOUT_MS },
        request.params.call_log_id,
        request.query,
        request.headers.range,
        gone.signal,
      );
      return reply.status(recording.status).headers(recording.headers).send(recording.body);
    },
  );
};
