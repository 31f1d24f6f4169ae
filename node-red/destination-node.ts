/**
 * The `zoom-destination` config node: where a started stream is proven live (the destination's kind
 * and API URL, its user and password as credentials), to which level, within how long, and how often
 * it is watched afterwards. A managed service's credentials are the node's credentials, named as
 * its variables (MUX_TOKEN_ID, YOUTUBE_REFRESH_TOKEN...), else Node-RED's environment. A YouTube
 * destination can also give the stream (its address and key to Zoom) and run a broadcast's life
 * (create, on air, complete). The core checks the settings when a message uses them.
 */
import {
  checkDurationMs,
  DEFAULT_CONFIRM_TIMEOUT_MS,
  parseDuration,
  serviceCredentials,
  SERVICE_VARIABLES,
  WATCH_INTERVAL_MS,
  YOUTUBE_WATCH_MS,
  type ConfirmInput,
  type DestinationKind,
  type YouTubeTaskInput,
} from '../core/index.js';
import type { RedApi, RedNode } from './red-types.js';

export interface DestinationNodeConfig {
  name?: string;
  kind: DestinationKind;
  url: string;
  /** A managed service's ID for the stream (not `id`: that is the node's own). */
  streamId?: string;
  level?: string;
  /** A duration (20s, 2m; a bare number is seconds); empty: 120 s. */
  timeout?: string | number;
  /** Between watch reads after a start, a duration from 5 s to 5 min; empty: 15 s (YouTube: 40 s, its reads cost quota). */
  watch?: string | number;
  /** youtube: '' (confirm only), none (YouTube gives the stream) or create (and a broadcast per start). */
  youtubeBroadcast?: string;
  youtubeTitle?: string;
  youtubePrivacy?: string;
}

export interface DestinationNode extends RedNode {
  /** What a message confirms with; throws, naming the field and the value given, when a field is wrong. */
  confirmInput(): ConfirmInput;
  /** A YouTube destination that gives the stream: what a start and a stop do with YouTube; else undefined. */
  youtubeInput(): YouTubeTaskInput | undefined;
  watchIntervalMs: number;
}

const MIN_WATCH_MS = 5_000;
const MAX_WATCH_MS = 300_000;

/** A duration as every face writes one (20s, 2m; a bare number is seconds); empty: the default. */
const duration = (value: string | number | undefined, field: string): number | undefined =>
  value === undefined || String(value).trim() === '' ? undefined : parseDuration(field, String(value));

export function registerDestinationNode(RED: RedApi): void {
  function ZoomDestinationNode(this: DestinationNode, config: DestinationNodeConfig) {
    RED.nodes.createNode(this, config);
    const { user, password, ...own } = (this.credentials ?? {}) as Record<string, string | undefined>;
    let problem: unknown;
    let timeoutMs = DEFAULT_CONFIRM_TIMEOUT_MS;
    let credentials: Record<string, string> = {};
    const youtube = config.kind === 'youtube';
    const defaultWatchMs = youtube ? YOUTUBE_WATCH_MS : WATCH_INTERVAL_MS;
    this.watchIntervalMs = defaultWatchMs;
    try {
      // A managed service's credentials: the node's own (its credentials, named as the variables), else
      // Node-RED's environment (NAME or NAME_FILE).
      const given = Object.fromEntries(Object.entries(own).filter(([, value]) => typeof value === 'string' && value !== ''));
      credentials = serviceCredentials(config.kind, { ...process.env, ...given });
      timeoutMs = duration(config.timeout, 'confirmTimeout') ?? DEFAULT_CONFIRM_TIMEOUT_MS;
      this.watchIntervalMs = checkDurationMs(duration(config.watch, 'watch') ?? defaultWatchMs, 'watch', MIN_WATCH_MS, MAX_WATCH_MS);
    } catch (error) {
      // Each message that uses the destination fails with it: the node's setting, quoted.
      problem = error;
    }
    const confirm: ConfirmInput = {
      destination: {
        kind: config.kind,
        url: (config.url ?? '').trim(),
        ...(user ? { user } : {}),
        ...(password ? { password } : {}),
        ...(config.streamId?.trim() ? { id: config.streamId.trim() } : {}),
        credentials,
      },
      ...(config.level ? { level: config.level } : {}),
      timeoutMs,
    };
    this.confirmInput = () => {
      if (problem) throw problem;
      return confirm;
    };
    const broadcast = config.youtubeBroadcast?.trim();
    this.youtubeInput = () => {
      // confirm: the stream only, its key set in Zoom already (the confirm kind alone).
      if (!youtube || !broadcast || broadcast === 'confirm') return undefined;
      if (problem) throw problem;
      return {
        broadcast,
        ...(config.youtubeTitle?.trim() ? { title: config.youtubeTitle.trim() } : {}),
        ...(config.youtubePrivacy ? { privacy: config.youtubePrivacy } : {}),
        ...(config.streamId?.trim() ? { streamId: config.streamId.trim() } : {}),
        credentials,
        ...(config.url?.trim() ? { apiUrl: config.url.trim() } : {}),
      };
    };
  }
  RED.nodes.registerType('zoom-destination', ZoomDestinationNode as never, {
    credentials: {
      user: { type: 'text' },
      password: { type: 'password' },
      // Each service's variables, as credentials of the node (SERVICE_VARIABLES says which are secret).
      ...Object.fromEntries(SERVICE_VARIABLES.map(({ name, secret }) => [name, { type: secret ? 'password' : 'text' }])),
    },
  });
}
