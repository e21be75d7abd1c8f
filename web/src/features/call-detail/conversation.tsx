import { formatOffset, formatTime } from '../../format/datetime.js';
import { useT } from '../../i18n/i18n.js';

type Speaker = 'assistant' | 'caller';
export type Turn =
  | { kind: 'speech'; speaker: Speaker; text: string; time?: number; offset?: number }
  | { kind: 'tool'; names: string[]; time?: number; offset?: number };

const SPEAKERS: Record<string, Speaker> = {
  bot: 'assistant',
  assistant: 'assistant',
  agent: 'assistant',
  ai: 'assistant',
  user: 'caller',
  customer: 'caller',
  caller: 'caller',
};

const asRecord = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
const asNumber = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/**
 * The voice agent's message list (`full_conversation_json`) as turns. Vapi writes
 * `{role: bot|user|tool_calls|tool_call_result|system, message, time, secondsFromStart}`; other agents
 * write `{role: agent|user, content}`. The system prompt and raw tool results are left out.
 * Returns null when the value is not a message list at all.
 */
export function turnsFromConversation(value: unknown): Turn[] | null {
  const list = Array.isArray(value) ? value : asRecord(value)?.messages;
  if (!Array.isArray(list)) return null;
  const turns: Turn[] = [];
  for (const entry of list) {
    const message = asRecord(entry);
    if (!message) continue;
    const role = typeof message.role === 'string' ? message.role.toLowerCase() : '';
    const time = asNumber(message.time);
    const offset = asNumber(message.secondsFromStart);
    if (role === 'tool_calls') {
      const names = (Array.isArray(message.toolCalls) ? message.toolCalls : [])
        .map((call) => asRecord(asRecord(call)?.function)?.name)
        .filter((name): name is string => typeof name === 'string');
      if (names.length) turns.push({ kind: 'tool', names, time, offset });
      continue;
    }
    const speaker = SPEAKERS[role];
    const text = typeof message.message === 'string' ? message.message : typeof message.content === 'string' ? message.content : '';
    if (speaker && text.trim()) turns.push({ kind: 'speech', speaker, text: text.trim(), time, offset });
  }
  return turns;
}

/** "checkAvailability" / "check_availability" → "check availability". */
export const humanizeToolName = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();

const TRANSCRIPT_LINE = /^\s*(AI|Assistant|Bot|Agent|User|Customer|Caller)\s*:\s*(.*)$/i;

/** "AI: …\nUser: …" transcripts as turns, without times; null when the text has no speaker labels. */
export function turnsFromTranscript(text: string): Turn[] | null {
  const turns: Turn[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = TRANSCRIPT_LINE.exec(line);
    const last = turns.at(-1);
    if (match) {
      const speaker = SPEAKERS[match[1]!.toLowerCase()] ?? 'caller';
      turns.push({ kind: 'speech', speaker, text: match[2]!.trim() });
    } else if (line.trim() && last?.kind === 'speech') {
      last.text = `${last.text}\n${line.trim()}`;
    }
  }
  return turns.length ? turns : null;
}

export function Conversation({ conversation, transcript }: { conversation: unknown; transcript: string | null }) {
  const { t, locale } = useT();
  const fromJson = turnsFromConversation(conversation);
  const turns = fromJson?.length ? fromJson : transcript ? turnsFromTranscript(transcript) : null;

  if (!turns) {
    return transcript?.trim() ? (
      <div className="transcript">
        <p className="transcript__label">{t.transcriptOnly}</p>
        <p className="transcript__text">{transcript}</p>
      </div>
    ) : (
      <p className="muted">{t.noConversation}</p>
    );
  }

  return (
    <ol className="chat" aria-label={t.conversation}>
      {turns.map((turn, index) => {
        const when = turn.time !== undefined ? formatTime(new Date(turn.time), locale) : undefined;
        const offset = turn.offset !== undefined ? formatOffset(turn.offset) : undefined;
        if (turn.kind === 'tool') {
          return (
            <li key={index} className="chat__tool">
              <span>{turn.names.map((name) => t.usedTool(t.toolNames[humanizeToolName(name)] ?? humanizeToolName(name))).join(' · ')}</span>
              {offset && <span className="chat__time">{offset}</span>}
            </li>
          );
        }
        const who = turn.speaker === 'assistant' ? t.assistant : t.caller;
        return (
          <li key={index} className={`chat__turn chat__turn--${turn.speaker}`}>
            <div className="chat__bubble">
              <span className="visually-hidden">{who}: </span>
              {turn.text}
            </div>
            <div className="chat__meta">
              <span aria-hidden="true">{who}</span>
              {when && (
                <time className="chat__time" title={offset}>
                  {when}
                </time>
              )}
              {!when && offset && <span className="chat__time">{offset}</span>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
