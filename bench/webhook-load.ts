/**
 * The zoom-webhook node under load, in a real Node-RED: 1,000 distinct signed deliveries at 100 a
 * second for 10 s; how fast each is acknowledged (Zoom waits 3 s), and whether each was emitted once.
 * (The test suite checks the "once"; the speed is measured only here.)
 */
import { createHmac } from 'node:crypto';
import { startNodeRed } from '../harness/node-red-runner.js';
import { until } from '../harness/until.js';
import { percentile, round } from './stats.js';

export interface WebhookLoad {
  deliveries: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  allAcknowledged: boolean;
  eachEmittedOnce: boolean;
}

const SECRET = 'bench-webhook-secret-0123';

export async function webhookLoad(deliveries = 1_000, perSecond = 100): Promise<WebhookLoad> {
  const red = await startNodeRed({
    flows: [
      { id: 't', type: 'tab', label: 'webhook load' },
      { id: 'hook', z: 't', type: 'zoom-webhook', url: '/zoom/events', events: [], wires: [['count']] },
      {
        id: 'count',
        z: 't',
        type: 'function',
        func: "global.set('emitted', (global.get('emitted') || 0) + 1); return null;",
        outputs: 1,
        wires: [[]],
      },
    ],
    credentials: { hook: { secretToken: SECRET } },
  });
  try {
    const acks: number[] = [];
    let acknowledged = 0;
    const sends: Promise<void>[] = [];
    const began = performance.now();
    for (let n = 0; n < deliveries; n++) {
      const wait = began + (n * 1000) / perSecond - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const body = `{"event":"meeting.started","event_ts":${1795521600000 + n},"payload":{"object":{"id":${86_100_000_000 + (n % 50)},"uuid":"b${n}"}}}`;
      const ts = String(Math.floor(Date.now() / 1000));
      const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
      const sent = performance.now();
      sends.push(
        fetch(`${red.url}/zoom/events`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json', 'x-zm-request-timestamp': ts, 'x-zm-signature': signature },
        }).then(async (r) => {
          await r.arrayBuffer();
          acks.push(performance.now() - sent);
          if (r.status === 204) acknowledged++;
        }),
      );
    }
    await Promise.all(sends);
    const emitted = async () => Number(((await (await fetch(`${red.url}/context/global/emitted`)).json()) as { msg?: string }).msg) || 0;
    await until(async () => (await emitted()) >= deliveries, 'every event emitted', 30_000).catch(() => undefined);
    return {
      deliveries,
      perSecond,
      p50Ms: round(percentile(acks, 50)),
      p99Ms: round(percentile(acks, 99)),
      allAcknowledged: acknowledged === deliveries,
      eachEmittedOnce: (await emitted()) === deliveries,
    };
  } finally {
    await red.stop();
  }
}
