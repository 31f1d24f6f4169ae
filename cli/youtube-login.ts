/**
 * `zoom-livestream youtube-login --out FILE`: the consent for YouTube's refresh token, by Google's
 * device flow, on a machine without a browser. The URL and code go to stdout for the user; the
 * refresh token goes only to FILE (mode 0600), never to stdout or stderr.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { asZoomError, loadDeviceLogin, serviceCredentials, systemClock, ValidationError } from '../core/index.js';
import { EXIT } from './exit-codes.js';
import { fail } from './fail.js';
import type { Io } from './io.js';
import { listenForInterruption } from './interruption.js';

export const YOUTUBE_LOGIN_HELP = `Usage: zoom-livestream youtube-login --out FILE

Gets the refresh token that --youtube-broadcast uses, by Google's device flow: it prints a URL and
a code; open the URL on any device, sign in with the YouTube channel's Google account, enter the
code and allow access. The refresh token is written to FILE (mode 0600), never printed: set
YOUTUBE_REFRESH_TOKEN_FILE=FILE (or YOUTUBE_REFRESH_TOKEN to its contents) where the streams run.

It needs YOUTUBE_CLIENT_ID and YOUTUBE_CLIENT_SECRET (or _FILE) of a Google OAuth client of type
"TVs and Limited Input devices", in a Google Cloud project with the YouTube Data API v3 enabled.
Scope: https://www.googleapis.com/auth/youtube.

A Google OAuth client whose publishing status is left in "Testing" gets refresh tokens that expire
after 7 days: publish the app (In production) for tokens that last. Any refresh token also dies after
six months unused. An expired one makes a YouTube start fail with exit 3: run youtube-login again.

Options:
  --out FILE   where the refresh token is written (created or replaced, mode 0600)
Exit codes: 0 written, 2 usage, 3 declined or the client refused, 4 the code expired or the network.
`;

export async function youtubeLogin(argv: string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  let out: string;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
    if (values.help) {
      io.stdout(YOUTUBE_LOGIN_HELP);
      return EXIT.done;
    }
    if (positionals.length)
      throw new ValidationError(
        'usage',
        `youtube-login takes no ${positionals[0]!.slice(0, 40)}.`,
        'Run zoom-livestream youtube-login --help.',
      );
    if (!values.out)
      throw new ValidationError(
        'usage',
        '--out is missing: where to write the refresh token.',
        'Give --out FILE (the token is never printed).',
      );
    out = values.out;
  } catch (error) {
    const zoomError =
      error instanceof Error && !(error instanceof ValidationError)
        ? new ValidationError(
            'usage',
            `${error.message.replace(/'/g, '').replace(/\.$/, '')}.`,
            'Run zoom-livestream youtube-login --help.',
          )
        : asZoomError(error);
    return fail(io, zoomError, false);
  }
  const interruption = listenForInterruption(io);
  try {
    const credentials = serviceCredentials('youtube', env);
    for (const variable of ['YOUTUBE_CLIENT_ID', 'YOUTUBE_CLIENT_SECRET'])
      if (!credentials[variable])
        throw new ValidationError(variable, 'is not set.', `Set ${variable} (or ${variable}_FILE) to the Google OAuth client's.`);
    const { youtubeDeviceLogin } = await loadDeviceLogin();
    const refreshToken = await youtubeDeviceLogin({
      clientId: credentials.YOUTUBE_CLIENT_ID!,
      clientSecret: credentials.YOUTUBE_CLIENT_SECRET!,
      ...(credentials.YOUTUBE_OAUTH_DEVICE_URL ? { deviceUrl: credentials.YOUTUBE_OAUTH_DEVICE_URL } : {}),
      ...(credentials.YOUTUBE_OAUTH_TOKEN_URL ? { tokenUrl: credentials.YOUTUBE_OAUTH_TOKEN_URL } : {}),
      clock: io.clock ?? systemClock,
      signal: interruption.signal,
      onCode: ({ verificationUrl, userCode, expiresInMs }) =>
        io.stdout(`Open ${verificationUrl} and enter the code ${userCode} within ${Math.round(expiresInMs / 60_000)} min. Waiting...\n`),
    });
    // Owner-only from its first byte; a file that was there keeps its inode, so its mode is set too.
    try {
      writeFileSync(out, `${refreshToken}\n`, { mode: 0o600 });
      chmodSync(out, 0o600);
    } catch (error) {
      throw new ValidationError(
        'usage',
        `--out ${out} cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
        'Give --out a path in a folder you may write to; run youtube-login again (the code is used up).',
      );
    }
    io.stdout(`Wrote the refresh token to ${out} (mode 0600). Set YOUTUBE_REFRESH_TOKEN_FILE=${out} where the streams run.\n`);
    return EXIT.done;
  } catch (error) {
    if (interruption.by) return interruption.exitCode();
    return fail(io, asZoomError(error), false);
  } finally {
    interruption.stop();
  }
}
