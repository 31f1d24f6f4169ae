/**
 * A managed service's credentials, from each service's own conventional variables in the
 * environment, each also as NAME_FILE (a file that holds it: Kubernetes and Docker secrets), read
 * before anything is sent. Which variables a kind needs is its entry's (destinations.ts).
 */
import { readSecretFile } from '../files.js';
import { DESTINATION_APIS } from './destinations.js';
import type { DestinationKind } from './ladder.js';

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
