/**
 * Objects are stored in their modern version; a request made in an older served group-version (an
 * Ingress under extensions/v1beta1 on a 1.17 cluster) gets its answer in that version, as a real API
 * server converts on the way out. The conversion lives with the version rules (src/api/versions.ts),
 * so the CLI's printers present objects the same way.
 */
export { toRequestedVersion } from '../api/versions.js';
