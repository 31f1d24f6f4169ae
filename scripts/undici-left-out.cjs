// What the bundles get for `undici` (tsconfig.json maps the name here for ncc): nothing.
// @actions/core imports @actions/http-client for OIDC, which imports undici at its top for its
// ProxyAgent; the product never uses that (core's wire tunnels proxies itself, core/http/tunnel.ts),
// and loading undici was about a quarter of the Action's start-up. A caller of http-client's
// getAgentDispatcher would get a TypeError here rather than undici.
module.exports = {};
