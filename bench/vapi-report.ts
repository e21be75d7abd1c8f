import { randomUUID } from 'node:crypto';
import type { GeneratedCallLog } from '../tools/demo/call-log-generator.js';

/**
 * A realistic Vapi end-of-call report (~30 KB, like production ones: the conversation twice, as
 * messages and as transcript, plus the assistant and call objects) for a generated call.
 */
export function vapiReportFor(call: GeneratedCallLog, clinicKey: string, callId: string = randomUUID()): string {
  const messages = JSON.parse(call.full_conversation_json ?? '[]') as unknown[];
  const startedAt = `${call.call_started_at.replace(' ', 'T')}.000Z`;
  const endedAt = call.call_ended_at ? `${call.call_ended_at.replace(' ', 'T')}.000Z` : startedAt;
  const systemPrompt = `You are the virtual receptionist of a dental clinic. ${'Answer briefly and kindly, confirm names and numbers, never give medical advice. '.repeat(120)}`;
  return JSON.stringify({
    message: {
      timestamp: Date.now(),
      type: 'end-of-call-report',
      endedReason: call.ended_reason,
      startedAt,
      endedAt,
      cost: Number(call.cost ?? 0.1),
      durationSeconds: call.call_duration_seconds,
      analysis: {
        summary: call.summary,
        structuredData: JSON.parse(call.raw_structured_data ?? '{}') as unknown,
        successEvaluation: 'true',
      },
      artifact: {
        messages: [{ role: 'system', message: systemPrompt, time: 0, secondsFromStart: 0 }, ...messages],
        messagesOpenAIFormatted: messages,
        transcript: call.transcript_text,
        recordingUrl: call.audio_recording_url,
      },
      assistant: {
        id: randomUUID(),
        name: 'Front desk',
        metadata: { clinicId: clinicKey },
        model: { provider: 'openai', model: 'gpt-4o', messages: [{ role: 'system', content: systemPrompt }] },
      },
      customer: { number: call.caller_phone_number },
      call: {
        id: callId,
        type: 'inboundPhoneCall',
        status: 'ended',
        startedAt,
        endedAt,
        createdAt: startedAt,
        customer: { number: call.caller_phone_number },
      },
    },
  });
}
