/** A streams file's job summary: one row per entry (loaded with the fleet's chunk, not by a single meeting's step). */
import { coreWords, entryDetail, fleetSummary, shownName, type FleetReport, type Words } from '../core/index.js';
import { cell } from './summary.js';

const OUTCOME_MARK: Record<string, string> = { failed: '❌', problem: '❌', 'not confirmed': '❌', differs: '✏️', 'not done': '⏹️' };

/** A fleet: one row per entry, with what differs, the problem and its fix, or the failure. */
export function fleetMarkdown(report: FleetReport, words: Words = coreWords): string {
  const rows = report.entries
    .map((e) => {
      const detail = entryDetail(e, words);
      return `| ${OUTCOME_MARK[e.outcome] ?? '✅'} | ${cell(shownName(e.name))} | ${e.kind} ${e.id} | ${e.outcome} | ${cell(detail)} | ${cell(e.trackingId)} |`;
    })
    .join('\n');
  return `### Zoom live streams: ${report.command} of ${report.entries.length} entries\n\n${cell(fleetSummary(report))}\n\n| | entry | target | outcome | detail | tracking id |\n|---|---|---|---|---|---|\n${rows}\n`;
}
