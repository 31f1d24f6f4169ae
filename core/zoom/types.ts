/** Shapes of Zoom's live stream API, in Zoom's own field names. */

export type TargetKind = 'meeting' | 'webinar';

/** A meeting or webinar; `id` stays a string of digits so int64 ids survive unchanged. */
export interface Target {
  kind: TargetKind;
  id: string;
}

export const RESOLUTIONS = ['720p', '1080p'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export const LAYOUTS = ['follow_host', 'gallery_view', 'speaker_view'] as const;
export const CLOSE_CAPTIONS = ['burnt-in', 'embedded', 'off'] as const;

/** Body of PATCH /{meetings|webinars}/{id}/livestream. */
export interface LiveStreamUpdate {
  stream_url: string;
  stream_key: string;
  page_url: string;
  resolution?: Resolution;
}

/** Which action takes which setting: validate.ts, settingsFor(). */
export interface LiveStreamSettings {
  active_speaker_name?: boolean;
  display_name?: string;
  /** Meetings only. */
  layout?: (typeof LAYOUTS)[number];
  close_caption?: (typeof CLOSE_CAPTIONS)[number];
}

export const STATUS_ACTIONS = ['start', 'stop', 'mode'] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

/** Body of PATCH /{meetings|webinars}/{id}/livestream/status. */
export interface LiveStreamStatusUpdate {
  action: StatusAction;
  settings?: LiveStreamSettings;
}

/** What GET /{meetings|webinars}/{id}/livestream returns. */
export interface LiveStreamConfig {
  stream_url: string;
  stream_key: string;
  page_url: string;
  resolution?: string;
}

/** Carried by every result: the HTTP status and Zoom's `x-zm-trackingid`. */
export interface ResponseMeta {
  status: number;
  trackingId?: string;
  /** What the status alone does not say (a start applied by an earlier try whose answer was lost). */
  note?: string;
  /**
   * A status change that found the stream as asked already, which Zoom answers with an error: a
   * start while it runs (code 300), a stop before the meeting started (4927, or 200 for a webinar).
   */
  state?: 'already live' | 'nothing to stop';
}

export type LiveStream = LiveStreamConfig & ResponseMeta;
