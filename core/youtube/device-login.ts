/**
 * Consent for a refresh token without a browser on the machine: Google's device flow (OAuth 2.0 for
 * TV and Limited-Input Device Applications). A code is asked for, the user enters it at Google's
 * verification URL on any device, and the token endpoint is polled at the interval Google names
 * (longer after slow_down) until it answers with the tokens, the user declines, or the code expires.
 */
import { AuthError, TimeoutError, ZoomApiError } from '../errors.js';
import type { Clock } from '../http/clock.js';
import { parseJsonObject } from '../http/json.js';
import { Redactor } from '../http/redactor.js';
import { Transport } from '../http/transport.js';
import { printable } from '../text.js';
import { googleError, YOUTUBE_DEVICE_URL, YOUTUBE_SCOPE, YOUTUBE_TOKEN_URL } from '../confirm/youtube.js';

export interface DeviceCode {
  verificationUrl: string;
  userCode: string;
  expiresInMs: number;
}

export interface DeviceLoginOptions {
  clientId: string;
  clientSecret: string;
  /** YOUTUBE_OAUTH_DEVICE_URL and YOUTUBE_OAUTH_TOKEN_URL, a stand-in's. */
  deviceUrl?: string;
  tokenUrl?: string;
  clock: Clock;
  signal?: AbortSignal;
  /** Told the URL and code to show the user. */
  onCode(code: DeviceCode): void;
  userAgent?: string;
}

/** Google's slow_down asks for 5 s more between polls (RFC 8628 3.5). */
const SLOW_DOWN_MS = 5_000;
const GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** Resolves with the refresh token; throws an AuthError when the user declines or the client is refused. */
export async function youtubeDeviceLogin(options: DeviceLoginOptions): Promise<string> {
  const { clock, signal } = options;
  const redactor = new Redactor();
  redactor.add(options.clientSecret, true);
  const transport = new Transport({
    timeoutMs: 30_000,
    maxRetries: 2,
    maxWaitMs: 30_000,
    clock,
    random: Math.random,
    userAgent: options.userAgent ?? 'zoom-livestream',
    redact: (text) => redactor.redact(text),
    timeoutSetting: 'YOUTUBE_OAUTH_TOKEN_URL',
  });
  const post = (url: string, form: Record<string, string>, label: string, urlSetting: string) =>
    transport.send(
      {
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(form).toString(),
        label,
        urlSetting,
        paced: false,
      },
      signal ? { signal } : {},
    );
  try {
    const asked = await post(
      options.deviceUrl || YOUTUBE_DEVICE_URL,
      { client_id: options.clientId, scope: YOUTUBE_SCOPE },
      "Google's device code",
      'YOUTUBE_OAUTH_DEVICE_URL',
    );
    const code = parseJsonObject(asked.body);
    if (asked.status !== 200 || typeof code?.device_code !== 'string' || typeof code.user_code !== 'string') {
      const { reason } = googleError(asked.body);
      throw new AuthError(`Google refused the device code: HTTP ${asked.status}${reason ? ` ${reason}` : ''}.`, {
        status: asked.status,
        hint: 'Check YOUTUBE_CLIENT_ID: an OAuth client of type "TVs and Limited Input devices", in the project with the YouTube Data API enabled.',
      });
    }
    redactor.add(code.device_code, true);
    const expiresInMs = (typeof code.expires_in === 'number' && code.expires_in > 0 ? code.expires_in : 1800) * 1000;
    let intervalMs = (typeof code.interval === 'number' && code.interval > 0 ? code.interval : 5) * 1000;
    const url = typeof code.verification_url === 'string' ? code.verification_url : 'https://www.google.com/device';
    options.onCode({ verificationUrl: printable(url.slice(0, 200)), userCode: printable(code.user_code.slice(0, 40)), expiresInMs });
    const deadline = clock.now() + expiresInMs;
    for (;;) {
      if (clock.now() + intervalMs > deadline)
        throw new TimeoutError('The code was not entered in time.', {
          hint: 'Run zoom-livestream youtube-login again, and enter the new code within its time.',
        });
      await clock.sleep(intervalMs, signal);
      const polled = await post(
        options.tokenUrl || YOUTUBE_TOKEN_URL,
        { client_id: options.clientId, client_secret: options.clientSecret, device_code: code.device_code, grant_type: GRANT },
        "Google's token endpoint",
        'YOUTUBE_OAUTH_TOKEN_URL',
      );
      const answer = parseJsonObject(polled.body);
      if (polled.status === 200 && typeof answer?.refresh_token === 'string') return answer.refresh_token;
      const { reason } = googleError(polled.body);
      if (reason === 'authorization_pending') continue;
      if (reason === 'slow_down') {
        intervalMs += SLOW_DOWN_MS;
        continue;
      }
      if (reason === 'access_denied')
        throw new AuthError('The consent was declined at Google.', {
          status: polled.status,
          code: reason,
          hint: 'Run zoom-livestream youtube-login again and allow access to the YouTube channel.',
        });
      if (reason === 'expired_token')
        throw new TimeoutError('The code expired before it was entered.', {
          hint: 'Run zoom-livestream youtube-login again, and enter the new code within its time.',
        });
      if (polled.status === 200)
        throw new ZoomApiError('Google answered without a refresh token.', {
          status: 200,
          hint: 'Run zoom-livestream youtube-login again; if it persists, revoke the app at myaccount.google.com/permissions first.',
        });
      throw new AuthError(`Google refused the device login: HTTP ${polled.status}${reason ? ` ${reason}` : ''}.`, {
        status: polled.status,
        ...(reason ? { code: reason } : {}),
        hint: 'Check YOUTUBE_CLIENT_ID and YOUTUBE_CLIENT_SECRET.',
      });
    }
  } finally {
    transport.close();
  }
}
