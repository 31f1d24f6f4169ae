/**
 * The nodes' words for the settings core names (core/words.ts): each as the node's field, with the
 * msg property that overrides it; the account's as the zoom-account's fields. Labels as the editor
 * shows them.
 */
import type { Words } from '../core/index.js';

const NODE: Readonly<Record<string, string>> = {
  target: 'ID / link (msg.meetingId or msg.webinarId)',
  'meeting-id': 'ID / link (msg.meetingId)',
  'webinar-id': 'ID / link (msg.webinarId)',
  action: 'Action (msg.action)',
  stream_url: 'Stream URL (msg.payload.stream_url)',
  stream_key: 'Stream key (msg.payload.stream_key)',
  page_url: 'Page URL (msg.payload.page_url)',
  resolution: 'Resolution (msg.payload.resolution)',
  settings: 'msg.payload.settings',
  'settings.active_speaker_name': 'Speaker name (msg.payload.settings.active_speaker_name)',
  'settings.display_name': 'Display name (msg.payload.settings.display_name)',
  'settings.layout': 'Layout (msg.payload.settings.layout)',
  'settings.close_caption': 'Captions (msg.payload.settings.close_caption)',
  waitForStart: 'Wait (msg.waitForStart)',
  pollInterval: 'msg.pollInterval',
  auth: "the zoom-account's credentials",
  accessToken: "the zoom-account's Access token",
  accountId: "the zoom-account's Account ID",
  clientId: "the zoom-account's Client ID",
  clientSecret: "the zoom-account's Client secret",
  apiBaseUrl: "the zoom-account's API base URL",
  oauthTokenUrl: "the zoom-account's Token URL",
  timeoutMs: "the zoom-account's Timeout",
  rate: "the zoom-account's Rate limit",
  requestsPerSecond: "the zoom-account's Rate limit",
  maxRetries: 'the automatic retries',
  confirm: "Destination (a zoom-destination's Kind)",
  confirmUrl: "the zoom-destination's API URL",
  confirmId: "the zoom-destination's Stream ID",
  confirmLevel: "the zoom-destination's Level",
  confirmTimeout: "the zoom-destination's Timeout",
  watch: "the zoom-destination's Watch every",
  confirmUser: "the zoom-destination's User",
  confirmPassword: "the zoom-destination's Password",
  youtubeBroadcast: "the zoom-destination's YouTube",
  youtubeTitle: "the zoom-destination's Broadcast title",
  youtubePrivacy: "the zoom-destination's Privacy",
  youtubeStreamId: "the zoom-destination's Stream ID",
  youtubeBroadcastId: "the broadcast's ID (a stop completes the one live on the stream)",
};

/** A setting as the node and its msg properties name it; a name of the node's own (msg.waitForStart) as it is. */
export const nodeWords: Words = (name) => NODE[name] ?? name;
