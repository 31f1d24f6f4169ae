/** What a streams file can be asked to do (the actions with `file`): the inputs' check reads only this, not the runner. */
export const FLEET_COMMANDS = ['plan', 'apply', 'start', 'stop', 'check', 'get', 'confirm'] as const;
export type FleetCommand = (typeof FLEET_COMMANDS)[number];
