/**
 * A managed service's credentials, from each service's own conventional variables in the
 * environment, each also as NAME_FILE (a file that holds it: Kubernetes and Docker secrets), read
 * before anything is sent. Which variables a kind needs is its entry's (destinations.ts).
 */
import { readSecretFile } from '../files.js';
import { DESTINATION_APIS } from './destinations.js';
import { DESTINATION_KINDS, type DestinationKind } from './ladder.js';

/**
 * Every managed service's credential variables, once each, with the kinds that read it and whether
 * it is a secret (an ID is not): the Node-RED destination's credential fields. Endpoint overrides
 * (..._URL) are not credentials.
 */
export const SERVICE_VARIABLES: readonly { name: string; kinds: DestinationKind[]; secret: boolean }[] = (() => {
  const found = new Map<string, DestinationKind[]>();
  for (const kind of DESTINATION_KINDS) {
    const service = DESTINATION_APIS[kind].service;
    for (const name of [...(service?.variables ?? []), ...(service?.optionalVariables ?? [])])
      if (!name.endsWith('_URL')) found.set(name, [...(found.get(name) ?? []), kind]);
  }
  return [...found].map(([name, kinds]) => ({ name, kinds, secret: !name.endsWith('_ID') }));
})();

export function serviceCredentials(kind: string, env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const service = DESTINATION_APIS[kind as DestinationKind]?.service;
  if (!service) return {};
  const found: Record<string, string> = {};
  for (const variable of [...service.variables, ...(service.optionalVariables ?? [])]) {
    const file = env[`${variable}_FILE`];
    const value = env[variable] || (file ? readSecretFile(file, `${variable}_FILE`) : undefined);
    if (value) found[variable] = value;
  }
  return found;
}
