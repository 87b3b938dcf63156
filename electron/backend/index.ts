// What the adapters (main, host, cli) and the tests use of the backend. Layer: electron/backend.
export { Backend, type BackendOptions } from './backend';
export { createRouter, type Router } from './router';
export { defaultDataDir } from './dataDir';
export { openAtStart } from './services/review';
