// Neo4j's own Cypher lexer and parser, loaded without the rest of
// @neo4j-cypher/language-support. The package's entry also loads Neo4j's
// semantic analysis (a 5.6 MB module compiled from Scala) and the editor
// services; importing it costs more than a second of CPU before the first
// query is checked. The guard an analyst's query passes (read-only.ts,
// query-text.ts, cypher-syntax.ts) needs only the tokens, the parse tree and
// whether the parser met a syntax error, so this file imports the package's
// generated lexer and parser by file. The linter's friendlier message for a
// syntax error is loaded only when there is one; what a query means (an
// unknown variable, a wrong type) is left to the store that runs it, which
// refuses it with its own message (exit 2).
//
// The package publishes only its entry, so the files are found next to it.
// The version is pinned in package.json; test/cypher-parser.test.ts checks
// that the tree, tokens and syntax errors here agree with the package API.
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A parse tree as plain data: a rule's name and its children, or a token's text with no children. */
export interface SimpleTree {
  name: string;
  children?: SimpleTree[];
}

/** A token of the query: where it is in the text, and whether it is a comment. */
export interface QueryToken {
  start: number;
  end: number;
  comment: boolean;
}

/** A syntax error, 1-based. */
export interface SyntaxProblem {
  line: number;
  column: number;
  message: string;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the generated parser ships no types this package exports */
export interface CypherParserParts {
  antlr: any;
  Lexer: any;
  Parser: any;
  splitIntoStatements: (stream: any) => any[][];
}

let loading: Promise<void> | undefined;
let loaded: CypherParserParts | undefined;

/**
 * The parser's parts, given by a program that bundled them (the query check
 * process, check-process.ts) instead of loading them from the package.
 */
export function useCypherParser(given: CypherParserParts): void {
  loaded = given;
}

/** Loads the parser once per process (the first call pays for it); the functions below need it loaded. */
export function loadCypherParser(): Promise<void> {
  if (loaded) return Promise.resolve();
  loading ??= (async () => {
    const entry = fileURLToPath(import.meta.resolve('@neo4j-cypher/language-support'));
    const file = (rel: string) => pathToFileURL(`${dirname(entry)}/${rel}`).href;
    const [antlr, lexer, parser, helpers] = await Promise.all([
      import('antlr4ng'),
      import(file('generated-parser/CypherCmdLexer.js')),
      import(file('generated-parser/CypherCmdParser.js')),
      import(file('helpers.js')),
    ]);
    // The parser's classes must come from the same antlr4ng as ours (package.json pins the version the package pins).
    if (!(lexer.CypherCmdLexer.prototype instanceof antlr.Lexer)) {
      throw new Error('the Cypher parser and antlr4ng are two different copies: reinstall (npm ci) so they match');
    }
    loaded = {
      antlr,
      Lexer: lexer.CypherCmdLexer,
      Parser: parser.CypherCmdParser,
      splitIntoStatements: helpers.splitIntoStatements,
    };
  })();
  return loading;
}

function parts(): CypherParserParts {
  if (!loaded) throw new Error('the Cypher parser is not loaded: await loadCypherParser() first');
  return loaded;
}

function statementChunks(p: CypherParserParts, query: string): any[][] {
  const lexer = new p.Lexer(p.antlr.CharStream.fromString(query));
  return p.splitIntoStatements(new p.antlr.CommonTokenStream(lexer));
}

function parserFor(p: CypherParserParts, tokens: any[]): any {
  const parser = new p.Parser(new p.antlr.CommonTokenStream(new p.antlr.ListTokenSource(tokens)));
  parser.removeErrorListeners();
  return parser;
}

/**
 * The parse tree as the package's getDebugTree gives it: each statement
 * parsed on its own (statementOrCommand), rule names from the parser.
 */
export function cypherTree(query: string): SimpleTree {
  const p = parts();
  const walk = (node: any): SimpleTree => ({
    name: p.antlr.Trees.getNodeText(node, p.Parser.ruleNames) ?? '',
    children: p.antlr.Trees.getChildren(node).map(walk),
  });
  return { name: 'topNode', children: statementChunks(p, query).map((tokens) => walk(parserFor(p, tokens).statementOrCommand())) };
}

/**
 * Every syntax error the lexer or the parser reports, in ANTLR's words
 * (statement by statement, as the package splits them; an empty statement
 * has none). Any one means the text is not what Neo4j's grammar reads, and
 * the guard refuses it: Neo4j's own message for it comes from the package's
 * linter (cypher-syntax.ts), loaded only then.
 */
export function cypherSyntaxErrors(query: string): SyntaxProblem[] {
  const p = parts();
  const problems: SyntaxProblem[] = [];
  const listener = {
    syntaxError: (_r: unknown, _symbol: unknown, line: number, column: number, message: string) => {
      problems.push({ line, column: column + 1, message });
    },
    reportAmbiguity: () => {},
    reportAttemptingFullContext: () => {},
    reportContextSensitivity: () => {},
  };
  const lexer = new p.Lexer(p.antlr.CharStream.fromString(query));
  lexer.removeErrorListeners();
  lexer.addErrorListener(listener);
  const chunks = p.splitIntoStatements(new p.antlr.CommonTokenStream(lexer));
  for (const tokens of chunks) {
    if (!tokens.some((t: any) => t.type !== p.antlr.Token.EOF && t.type !== p.Lexer.SPACE)) continue;
    const parser = parserFor(p, tokens);
    parser.addErrorListener(listener);
    parser.statementsOrCommands();
  }
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * Every token the lexer reads except spaces and the end: its place in the
 * text (UTF-16 offsets, as JavaScript strings count) and whether it is a
 * comment. Text between tokens is what the lexer skipped as space.
 */
export function cypherTokens(query: string): QueryToken[] {
  const p = parts();
  const lexer = new p.Lexer(p.antlr.CharStream.fromString(query));
  const stream = new p.antlr.CommonTokenStream(lexer);
  stream.fill();
  const out: QueryToken[] = [];
  // ANTLR counts code points; the text is indexed in UTF-16 units.
  const units = codePointToUnit(query);
  for (const t of stream.getTokens() as any[]) {
    if (t.type === p.antlr.Token.EOF || t.type === p.Lexer.SPACE) continue;
    const comment = t.type === p.Lexer.SINGLE_LINE_COMMENT || t.type === p.Lexer.MULTI_LINE_COMMENT;
    out.push({ start: units(t.start), end: units(t.stop + 1), comment });
  }
  return out;
}

function codePointToUnit(text: string): (cp: number) => number {
  if (!/[\uD800-\uDFFF]/.test(text)) return (cp) => cp;
  const map: number[] = [];
  let unit = 0;
  for (const ch of text) {
    map.push(unit);
    unit += ch.length;
  }
  map.push(unit);
  return (cp) => map[cp] ?? unit;
}
