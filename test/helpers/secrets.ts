/** Secrets used across tests, and a scan that fails when any of them shows up in captured text. */
import assert from 'node:assert/strict';
import { SANDBOX_CLIENT, SANDBOX_TOKEN } from '../../sandbox/server.js';

export const STREAM_KEY = 'sk-live-7f3a9c2e-SECRET-KEY';
export const STREAM = {
  stream_url: 'rtmp://a.rtmp.youtube.com/live2',
  stream_key: STREAM_KEY,
  page_url: 'https://youtube.com/@acme/live',
} as const;

export const SECRETS = [SANDBOX_CLIENT.clientSecret, SANDBOX_TOKEN, STREAM_KEY];

/** Asserts none of the secrets (nor any issued sandbox token) appears in `text`. */
export function assertNoSecrets(text: string, extra: string[] = []): void {
  for (const secret of [...SECRETS, ...extra]) {
    assert.ok(!text.includes(secret), `a secret leaked: ...${secret.slice(-6)} appears in output`);
  }
  assert.ok(!/sbx_at_[0-9a-f]{32}/.test(text), 'an issued OAuth access token appears in output');
  assert.ok(
    !text.includes(Buffer.from(`${SANDBOX_CLIENT.clientId}:${SANDBOX_CLIENT.clientSecret}`).toString('base64')),
    'Basic credentials leaked',
  );
}
