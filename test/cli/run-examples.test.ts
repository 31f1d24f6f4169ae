/**
 * The controller's shipped deployment files (examples/run/): the systemd unit and the Kubernetes
 * Deployment say what `run` does. Their flags are flags `run` takes, the probes and the scrape
 * annotation name the port `--listen` opens, a reload is SIGHUP, one replica at a time.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseRunArgs } from '../../cli/run-args.js';
import { readStreamsDocument } from '../../core/fleet/file.js';
import { ROOT } from '../../harness/root.js';

interface Probe {
  httpGet: { path: string; port: number };
}
interface Container {
  args: string[];
  livenessProbe: Probe;
  readinessProbe: Probe;
  volumeMounts: { name: string; mountPath: string }[];
  env: { name: string }[];
}
interface Deployment {
  kind: string;
  spec: {
    replicas: number;
    strategy: { type: string };
    template: { metadata: { annotations: Record<string, string> }; spec: { containers: Container[] } };
  };
}

const file = (name: string) => readFileSync(join(ROOT, 'examples/run', name), 'utf8');

describe('cli: run as a service (examples/run)', () => {
  it('the systemd unit: Type=simple, a reload is SIGHUP, restarts on failure but not on a usage error, flags run takes', () => {
    const unit = file('zoom-livestream-run.service');
    const value = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(unit)?.[1];
    assert.equal(value('Type'), 'simple');
    assert.equal(value('ExecReload'), '/bin/kill -HUP $MAINPID');
    assert.equal(value('Restart'), 'on-failure');
    assert.equal(value('RestartPreventExitStatus'), '2');
    assert.ok(Number(value('TimeoutStopSec')) >= 5, 'SIGTERM ends run within 5 s');
    const [command, verb, ...args] = value('ExecStart')!.split(' ');
    assert.match(command!, /zoom-livestream$/);
    assert.equal(verb, 'run');
    const settings = parseRunArgs(args, {});
    assert.deepEqual(settings.listen, { host: '127.0.0.1', port: 9464 });
  });

  it('the Kubernetes Deployment: one replica, Recreate, probes and scrape on the --listen port, a streams file run reads', () => {
    const [first, second] = parseAllDocuments(file('kubernetes.yaml')).map((d) => d.toJSON() as unknown);
    const configMap = first as { data: Record<string, string> };
    const deployment = second as Deployment;
    assert.equal(deployment.kind, 'Deployment');
    assert.equal(deployment.spec.replicas, 1);
    assert.equal(deployment.spec.strategy.type, 'Recreate');
    const pod = deployment.spec.template;
    const container = pod.spec.containers[0]!;
    assert.equal(container.args[0], 'run');
    const settings = parseRunArgs(container.args.slice(1), {});
    assert.deepEqual(settings.listen, { host: '0.0.0.0', port: 9464 });
    assert.equal(container.livenessProbe.httpGet.path, '/livez');
    assert.equal(container.readinessProbe.httpGet.path, '/readyz');
    for (const probe of [container.livenessProbe, container.readinessProbe]) assert.equal(probe.httpGet.port, settings.listen!.port);
    assert.equal(pod.metadata.annotations['prometheus.io/scrape'], 'true');
    assert.equal(Number(pod.metadata.annotations['prometheus.io/port']), settings.listen!.port);
    assert.equal(pod.metadata.annotations['prometheus.io/path'], '/metrics');
    // The mounted file is the ConfigMap's, and the reader takes it (with the Secret's values).
    const mount = container.volumeMounts.find((m) => m.name === 'streams')!;
    assert.equal(join(mount.mountPath, 'streams.yml'), container.args[container.args.indexOf('--file') + 1]);
    const read = readStreamsDocument(configMap.data['streams.yml']!, {
      env: { ALERT_URL: 'https://hooks.example/x', ALL_HANDS_KEY: 'key-1234' },
      readSecretFile: () => '',
    });
    assert.deepEqual(read.events, { source: 'websocket', subscriptionId: 'YOUR_SUBSCRIPTION_ID' });
    assert.equal(read.entries.length, 1);
    const env = container.env.map((e) => e.name);
    for (const name of ['ALERT_URL', 'ALL_HANDS_KEY', 'ZOOM_CLIENT_SECRET_FILE']) assert.ok(env.includes(name), name);
  });
});
