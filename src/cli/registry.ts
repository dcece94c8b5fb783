// The composition root: the one file under src/ that knows the connectors.
// Every command gets the registry from here and hands it on; nothing else in
// the core imports connectors/.
export { registry } from '../../connectors/index.js';
