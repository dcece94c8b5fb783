// The YAML parser (the config, exceptions and the service catalog): one
// module in dist/ (see README.md in this folder).
export { LineCounter, parse, parseAllDocuments } from 'yaml';
