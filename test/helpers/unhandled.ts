/** Collects the suite's unhandled rejections (each one would stop Node-RED), for its tests to assert there are none. */
export function watchUnhandled(): unknown[] {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  before(() => process.on('unhandledRejection', onUnhandled));
  after(() => process.off('unhandledRejection', onUnhandled));
  return unhandled;
}
