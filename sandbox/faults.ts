/** Fault injection: answers Zoom (or a proxy in front of it) gives when things go wrong, on demand. */
export type Fault =
  | {
      kind: 'status';
      status: number;
      retryAfter?: string;
      /** A string where a proxy or a broken gateway answers in Zoom's shape with text of its own. */
      code?: number | string;
      message?: string;
      errors?: { field: string; message: string }[];
      headers?: Record<string, string>;
    }
  | { kind: 'html'; status: number }
  | { kind: 'drop' }
  /** The request is carried out, then the connection drops before the answer: Zoom applied it, the caller cannot know. */
  | { kind: 'lose-answer' }
  | { kind: 'delay'; ms: number }
  | { kind: 'expire-token' };

export interface FaultRule {
  fault: Fault;
  /** Which requests: the token endpoint, the API, or every request (default api). */
  on?: 'token' | 'api' | 'any';
  /** A substring of the path (e.g. "/status"); any when unset. */
  path?: string;
  /** How many matching requests it applies to (default 1). */
  times?: number;
}

export function defaultFaultMessage(status: number): string {
  return status === 429 ? 'You have reached the maximum per-second rate limit for this API. Try again later.' : 'Internal server error.';
}

/** The faults still to give, each for its next `times` matching requests. */
export class FaultBook {
  private faults: (FaultRule & { left: number })[] = [];

  inject(rule: FaultRule): void {
    this.faults.push({ ...rule, left: rule.times ?? 1 });
  }

  /** The fault for a request to `path`, if one is due (and counts it). */
  take(path: string): Fault | undefined {
    const isToken = path.startsWith('/oauth/');
    const rule = this.faults.find(
      (f) => f.left > 0 && (f.on === 'any' || (f.on === 'token') === isToken) && (!f.path || path.includes(f.path)),
    );
    if (!rule) return undefined;
    rule.left--;
    this.faults = this.faults.filter((f) => f.left > 0);
    return rule.fault;
  }
}
