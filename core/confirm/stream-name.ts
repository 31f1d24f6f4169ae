/**
 * The stream's name at the destination, from the Zoom configuration itself: `stream_url`
 * rtmp://host[:port]/APP[/more] with `stream_key` KEY is application APP, stream KEY (the part
 * before any `?`, which RTMP servers take as arguments). MediaMTX names it by path, APP/KEY.
 */
import { ValidationError } from '../errors.js';
import { quote } from '../text.js';
import { setting } from '../words.js';

export interface DestinationStream {
  app: string;
  name: string;
}

export function destinationStream(streamUrl: string, streamKey: string): DestinationStream {
  let url: URL | undefined;
  try {
    url = new URL(streamUrl);
  } catch {
    url = undefined;
  }
  const app = url ? decodeURIComponent(url.pathname.split('/').find((part) => part !== '') ?? '') : '';
  if (!url || !app) {
    throw new ValidationError(
      'stream_url',
      `${quote(url ? url.origin : streamUrl.slice(0, 12))}... names no application: the destination cannot be read.`,
      `A confirmed stream needs ${setting('stream_url')} like rtmp://host/APP, whose APP the destination lists.`,
    );
  }
  const name = streamKey.split('?')[0]!;
  if (!name) {
    throw new ValidationError(
      'stream_key',
      'is empty: the destination lists a stream by its key.',
      `Set ${setting('stream_key')} before asking to confirm the stream.`,
    );
  }
  return { app, name };
}
