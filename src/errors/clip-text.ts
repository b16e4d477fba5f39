/**
 * Request text that goes into an answer's message or a log line, shortened: error messages and
 * warn logs name what a client sent (an smdpAddress, an X-Admin-Protocol, an ICCID), and echoing it whole
 * let 100 requests of 1 MB produce 100 MB of answers and as much log. Every such place goes through here.
 */
export const CLIPPED_TEXT_LENGTH = 128;

export function clipText(text: string, max = CLIPPED_TEXT_LENGTH): string {
  if (text.length <= max) return text;
  // A copy, not a slice: V8 keeps a sliced string's whole parent alive.
  return `${Buffer.from(text.slice(0, max)).toString('utf8')}… (${text.length} characters)`;
}
