/** What to do about each of Zoom's documented error codes, and about an HTTP status without one. */
import { isScopeCode } from './scopes.js';
import { setting } from '../words.js';

/** For 4927 and a webinar's "has not started" (code 200): what to do, and how to stop doing it by hand. */
export const NOT_STARTED_HINT = `The meeting or webinar has not started yet: Zoom starts a live stream only while it runs. The host must start the meeting first; then run start again, or let start wait for the host (${setting('waitForStart')}).`;

/**
 * Every documented Zoom code for the live stream endpoints and the token endpoint, with what the
 * user should do. Keys are Zoom's `code` values (numbers) or OAuth `error` strings.
 */
export const ZOOM_ERROR_HINTS: Readonly<Record<string, string>> = {
  '124':
    'The access token is invalid or expired. Use Server-to-Server OAuth credentials (refreshed automatically) or generate a new token.',
  '200':
    'Custom live streaming is not available here: the webinar has not started, the plan lacks it (webinars need the Webinar add-on), or "Allow live streaming meetings > Custom Live Streaming Service" is off in the Zoom web settings. Start the meeting or webinar and enable custom streaming for the account and host.',
  '300': `The meeting or webinar ID is missing or invalid, or a field failed Zoom validation. Check the ID (a meeting's goes in ${setting('meeting-id')}, a webinar's in ${setting('webinar-id')}) and the fields listed in the error.`,
  '1001':
    "The meeting's host user does not exist in this account. Check that the meeting belongs to a user of the account the app is installed on.",
  '1010': "The user does not belong to this account. Use credentials of an app installed on the meeting host's Zoom account.",
  '3000':
    "Zoom cannot access this meeting or webinar, or it has no custom streaming service configured. Run the update action (stream URL, key and page URL) first, and check the app belongs to the host's account.",
  '3001': `The meeting or webinar does not exist (or has expired). Check the ID, and whether it is a meeting (${setting('meeting-id')}) or a webinar (${setting('webinar-id')}).`,
  '3161': "The host is not allowed to host or schedule meetings. Ask a Zoom admin to enable the host's meeting capabilities.",
  '4400':
    'The meeting uses end-to-end encryption, and Zoom cannot live stream end-to-end encrypted meetings. Switch the meeting to enhanced encryption (meeting settings, Security) and try again.',
  '4927': NOT_STARTED_HINT,
  '429':
    'Zoom rate limit. After a stream start Zoom asks for 30 s before another try; otherwise retry later or lower the call rate (limits are per account, shared by all apps).',
  '4711':
    'The access token lacks a required scope. Add meeting:update:livestream:admin, meeting:update:livestream_status:admin and meeting:read:livestream:admin (or the webinar equivalents, or classic meeting:write:admin) to the Server-to-Server OAuth app.',
  invalid_client:
    'Zoom refused the client ID or client secret. Copy both again from the Server-to-Server OAuth app (App credentials) and make sure the app is activated.',
  invalid_request: 'Zoom refused the token request. Check the account ID (App credentials page of the Server-to-Server OAuth app).',
  invalid_grant: 'Zoom refused the account ID for these credentials. Check the account ID on the App credentials page.',
  unsupported_grant_type: `The token endpoint does not accept account_credentials. Use a Server-to-Server OAuth app (not a general OAuth app) and the default ${setting('oauthTokenUrl')}.`,
  access_denied: 'Zoom denied the token request. Check the Server-to-Server OAuth app is activated and not deactivated by an admin.',
};

/** Zoom's OAuth codes 4700-4741 that are not listed above share one hint. */
const TOKEN_CODE_HINT =
  'Zoom refused the credentials (OAuth error {code}). Check the account ID, client ID and client secret of the Server-to-Server OAuth app and that the app is activated.';

const STATUS_HINTS: Readonly<Record<number, string>> = {
  400: 'Zoom rejected the request. Check the fields named in the error.',
  401: 'Zoom rejected the credentials. Check the access token or the OAuth app credentials.',
  403: 'Zoom refused access. Check the app has the live stream scopes and the host has custom live streaming enabled.',
  404: 'Zoom could not find it. Check the meeting or webinar ID and whether it is a webinar.',
  429: ZOOM_ERROR_HINTS['429']!,
};

/** The hint for a Zoom `code` (or OAuth error string), falling back on the HTTP status. */
export function hintFor(code: number | string | undefined, status?: number): string {
  if (code !== undefined) {
    const known = ZOOM_ERROR_HINTS[String(code)];
    if (known) return known;
    if (isScopeCode(code)) {
      return TOKEN_CODE_HINT.replace('{code}', String(code));
    }
  }
  if (status !== undefined) {
    if (STATUS_HINTS[status]) return STATUS_HINTS[status];
    if (status >= 500)
      return `Zoom had a server error. If it persists, check status.zoom.us and try again later (${setting('maxRetries')} retries it).`;
  }
  return 'Unexpected answer from Zoom. Check the tracking id with Zoom support.';
}
