/** A Zoom stream configuration fit to show: its key masked, in the URL too. */
import { MASK } from '../http/redactor.js';
import type { LiveStreamConfig } from './types.js';

/**
 * A stream configuration fit to show (outputs, logs, Node-RED's debug sidebar): the key masked,
 * and blanked from the stream URL too, where services such as rtmp://host/app/<key> embed it.
 */
export function maskStreamConfig(config: LiveStreamConfig): LiveStreamConfig {
  const key = config.stream_key;
  if (!key) return { ...config };
  return { ...config, stream_key: MASK, stream_url: maskKeyIn(config.stream_url, key) };
}

/**
 * The URL with the key masked where it stands as the key: a whole path segment or query value.
 * Masking every occurrence would show where a short key sits inside a host name.
 */
export function maskKeyIn(url: string, key: string): string {
  if (!key) return url;
  // A key with a separator in it can stand only at the end (rtmp://host/app/<key>).
  if (/[/?&=#]/.test(key)) return url.endsWith(`/${key}`) ? `${url.slice(0, -key.length)}${MASK}` : url;
  const encoded = encodeURIComponent(key);
  return url
    .split(/([/?&=#])/)
    .map((part) => (part === key || part === encoded ? MASK : part))
    .join('');
}
