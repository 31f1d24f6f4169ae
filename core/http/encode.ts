/**
 * Request bodies in both encodings: JSON and multipart/form-data (the legacy form: one text field
 * per top-level key, nested objects as JSON text).
 */

export type Encoding = 'json' | 'multipart';
export const ENCODINGS: readonly Encoding[] = ['json', 'multipart'];

export interface EncodedBody {
  contentType: string;
  payload: string;
}

/** One form field's text: strings as they are, everything else as JSON (never the seeds' `start{` bug). */
export function formFieldValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The body as sent. form-data (with the MIME database it loads) costs tens of milliseconds to load,
 * so it is imported only when a multipart body is asked for: a JSON run never pays for it.
 */
export async function encodeBody(body: Record<string, unknown>, encoding: Encoding): Promise<EncodedBody> {
  if (encoding === 'json') return { contentType: 'application/json', payload: JSON.stringify(body) };
  const { default: FormData } = await import('form-data');
  const form = new FormData();
  for (const [key, value] of Object.entries(body)) {
    if (value !== undefined) form.append(key, formFieldValue(value));
  }
  // All fields are text, so the buffer is valid UTF-8 and can be resent unchanged on retry.
  return { contentType: form.getHeaders()['content-type'] as string, payload: form.getBuffer().toString('utf8') };
}
