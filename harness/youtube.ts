/**
 * YouTube as the tests and `npm start` meet it: the stand-in (sandbox/youtube.ts) whose ingestion
 * address is a real nginx-rtmp (application live2, as YouTube's), so a stream is active only while
 * the sandbox's ffmpeg pushes bytes there; and the YOUTUBE_* environment that reaches it.
 */
import { statStreams } from '../core/confirm/nginx-stat.js';
import { startYouTubeStandIn, YOUTUBE_CLIENT, type YouTubeStandIn, type YouTubeStandInOptions } from '../sandbox/youtube.js';
import { startNginxRtmp, type NginxRtmp } from './nginx-rtmp.js';
import type { MediaServer } from './node-media-server.js';

export interface YouTubeWithIngest {
  youtube: YouTubeStandIn;
  ingest: NginxRtmp;
  /** YOUTUBE_CLIENT_ID, _SECRET, _REFRESH_TOKEN and the OAuth endpoints' overrides. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** The bytes nginx has received on `app/name` (YouTube's application live2 by default), or undefined when nobody publishes there. */
export async function ingestBytes(statUrl: string, name: string, app = 'live2'): Promise<number | undefined> {
  const page = await (await fetch(statUrl)).text();
  const stream = statStreams(page).find((s) => s.app === app && s.name === name);
  return stream?.publishing ? (stream.bytesIn ?? 0) : undefined;
}

export function youtubeEnv(youtube: YouTubeStandIn): Record<string, string> {
  return {
    YOUTUBE_CLIENT_ID: YOUTUBE_CLIENT.id,
    YOUTUBE_CLIENT_SECRET: YOUTUBE_CLIENT.secret,
    YOUTUBE_REFRESH_TOKEN: YOUTUBE_CLIENT.refreshToken,
    YOUTUBE_OAUTH_TOKEN_URL: youtube.tokenUrl,
    YOUTUBE_OAUTH_DEVICE_URL: youtube.deviceUrl,
  };
}

export async function startYouTubeWithIngest(options: Partial<YouTubeStandInOptions> = {}): Promise<YouTubeWithIngest> {
  const ingest = await startNginxRtmp('live2');
  const youtube = await startYouTubeStandIn({
    ingestionAddress: ingest.rtmpUrl,
    receivedBytes: (name) => ingestBytes(ingest.statUrl, name),
    ...options,
  });
  return {
    youtube,
    ingest,
    env: youtubeEnv(youtube),
    stop: async () => {
      await youtube.close();
      await ingest.stop();
    },
  };
}

/**
 * The bytes Node-Media-Server (v4, its API behind a login) has received on `app/name`, or undefined
 * when nobody publishes there: for `npm start`, which needs no system package.
 */
export function nodeMediaServerBytes(media: MediaServer, app: string): (name: string) => Promise<number | undefined> {
  let token: string | undefined;
  const login = async () => {
    const answer = await fetch(`${media.apiUrl}/api/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: media.user, password: media.password }),
    });
    token = ((await answer.json()) as { data?: { token?: string } }).data?.token;
  };
  return async (name) => {
    if (!token) await login();
    const answer = await fetch(`${media.apiUrl}/api/v1/streams/${app}/${encodeURIComponent(name)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (answer.status !== 200) return undefined;
    const publisher = ((await answer.json()) as { data?: { publisher?: { inBytes?: number } } }).data?.publisher;
    return publisher ? (publisher.inBytes ?? 0) : undefined;
  };
}
