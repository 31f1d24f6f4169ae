/**
 * What a watched stream's destination says, read after read: the level it shows (receiving needs
 * bytes that grew between two reads at least the window apart, as the confirm ladder counts them)
 * and whether that is up to the level the entry asks for. A publisher seen for the first time is
 * not judged yet: its bytes need a read to compare with.
 */
import { growth, type Sample } from '../confirm/confirm.js';
import { rank, type ConfirmLevel, type LadderLevel } from '../confirm/ladder.js';
import type { Reading } from '../confirm/destinations.js';

export interface Judgement {
  level: Exclude<LadderLevel, 'zoom-event' | 'on-air'>;
  /** Up to the level asked for; undefined when this read cannot tell yet. */
  up?: boolean;
  bitsPerSecond?: number;
}

export class ReadingJudge {
  private last?: Sample;

  /** Forgets the last read (a restarted stream counts its bytes anew). */
  reset(): void {
    this.last = undefined;
  }

  judge(reading: Reading, at: number, asked: ConfirmLevel): Judgement {
    const sample = { at, reading };
    const previous = this.last;
    this.last = reading.publishing ? sample : undefined;
    const rate = previous && reading.publishing ? growth(previous, sample) : undefined;
    const level: Judgement['level'] = rate !== undefined ? 'receiving' : reading.publishing ? 'publishing' : 'accepted';
    const judgement: Judgement = { level, ...(rate ? { bitsPerSecond: Math.round(rate) } : {}) };
    if (reading.publishing && !previous && asked === 'receiving') return judgement;
    return { ...judgement, up: rank(level) >= rank(asked) };
  }
}
