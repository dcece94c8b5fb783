// The command-line parser every command loads first: one module in dist/
// (see README.md in this folder).
export { Command, CommanderError, Help } from 'commander';
