// Types of @refrain/engine (refrain.mjs). The request and decision types follow the language
// reference, docs/language.md: request fields §7.1 and §10, decisions §10.5, error codes §7.2,
// diagnostics §11; test/types.test.mjs holds the unions below to it and to the use tree.
/// <reference lib="esnext.disposable" />

// ---- Requests (§7.1, §10) ----

/** A use of the use tree (§4). */
export type Use =
  | 'ai'
  | 'ai.train' | 'ai.train.generative' | 'ai.train.analytic'
  | 'ai.generate' | 'ai.generate.voice' | 'ai.generate.style' | 'ai.generate.remix'
  | 'ai.produce' | 'ai.produce.stems' | 'ai.produce.master'
  | 'ai.engage' | 'ai.engage.personalize' | 'ai.engage.persona';

/** A rights holder's role (§10.3). */
export type Role = 'artist' | 'label' | 'publisher' | 'writer' | 'producer' | 'platform';

/** Money: an amount with at most 6 fractional digits, one space, an ISO 4217 code: `"50000.00 USD"` (§10.2). */
export type Money = `${number} ${string}`;

/** A percent with at most 4 fractional digits: `"12.5%"` (§10.2). */
export type Percent = `${number}%`;

/**
 * A date or time (§10.2): `"2026-05-01"`, `"2026-05-01T00:00:00Z"`, `"2026-05-01T14:30:00+02:00"`.
 * A `Date` is sent as `JSON.stringify` writes it, which is one of these forms.
 */
export type Time = string | Date;

/** A value a request may carry where the language reads custom fields (§7.6). */
export type JsonValue = string | number | boolean | null | Date | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

export interface RightsHolder {
  party: string;
  role: Role;
  /** How the role's portion of a split is divided: a percent or an integer weight (§10.3). */
  share?: Percent | number;
}

/** The work; when the bundle's catalog has its `id`, the catalog's fields are used instead (§10.4). */
export interface Work {
  /** Usually the ISRC; always present. */
  id: string;
  isrc?: string;
  iswc?: string;
  title?: string;
  genre?: string;
  release_date?: Time;
  tags?: string[];
  /** Who speaks (§6.1), who must consent (§6.3) and how `split` pays (§8.1). */
  rightsholders?: RightsHolder[];
}

export interface Requester {
  id?: string;
  /** e.g. `"company"`, `"research"`, `"artist"`, `"fan"`. */
  kind?: string;
  verified?: boolean;
}

export interface Model extends JsonObject {
  name?: string;
  provider?: string;
  open_weights?: boolean;
}

/** What the requester promises about the output. */
export interface Output extends JsonObject {
  labelled_ai?: boolean;
  attribution?: boolean;
}

/** The request's context: the standard fields of §7.1 and any custom field (§7.6). */
export interface Context extends JsonObject {
  /** When; required in every request. */
  time: Time;
  /** `"commercial"`, `"research"`, `"non_commercial"`, `"personal"`. */
  purpose?: string;
  /** Where the use happens: an ISO 3166-1 alpha-2 code in capitals, `"GB"`. */
  territory?: string;
  /** What a per-unit price counts: tracks generated, streams, minutes. */
  units?: number;
  revenue?: Money;
  model?: Model;
  output?: Output;
}

/** A request (§10): which use, by whom, of which work, in which context. */
export interface Request {
  use: Use;
  requester?: Requester;
  work: Work;
  context: Context;
}

// ---- Decisions (§10.5) ----

export type Verdict = 'allow' | 'deny' | 'silent' | 'error';

/** One party's verdict. */
export interface Reason {
  party: string;
  /** The policy of the deciding rule or failing scope; absent when the party has no speaking policy. */
  policy?: string;
  verdict: Verdict;
  /** The deciding rule as `file:line`; absent when no rule decided. */
  rule?: string;
}

/** A duty the decision imposes (§9). */
export interface Duty {
  party: string;
  duty: string;
  text?: string;
}

/** An amount allocated to one party. */
export interface Payee {
  party: string;
  /** Six fractional digits: `"3000.000000"`. */
  amount: string;
}

/** One winning rule's whole amount, before any split. */
export interface Term {
  party: string;
  /** `file:line` */
  rule: string;
  amount: string;
}

/** What is owed in one currency (§8). */
export interface Payment {
  currency: string;
  /** Exact, with six fractional digits: `"3500.000000"`. */
  total: string;
  payees: Payee[];
  terms: Term[];
}

/** A request error (§7.2): the request could not be judged, so the decision is a deny with this one error. */
export type RequestErrorCode =
  | 'invalid_json' | 'invalid_request' | 'missing_use' | 'missing_work' | 'missing_time' | 'unknown_use'
  | 'no_rightsholders' | 'request_too_large' | 'request_too_deep';

/** An evaluation error (§7.2): met while judging a rule; it makes its party's verdict `error`. */
export type EvaluationErrorCode =
  | 'missing_field' | 'type_mismatch' | 'currency_mismatch' | 'overflow' | 'negative_payment'
  | 'no_holder_for_role' | 'zero_shares' | 'no_consenting_holder' | 'bundle_fault' | 'split_failed';

export type ErrorCode = RequestErrorCode | EvaluationErrorCode;

export interface DecisionError {
  code: ErrorCode;
  message: string;
  policy?: string;
  rule?: string;
}

/** A decision, with its keys in the order of the canonical JSON. */
export interface Decision {
  decision: 'allow' | 'deny';
  /** The requested use; for a request error, the use as the request spelt it, or `""`. */
  use: string;
  /** The work's id, or `""` if it could not be read. */
  work: string;
  reasons: Reason[];
  duties: Duty[];
  payments: Payment[];
  errors: DecisionError[];
}

// ---- Compiling (§11) ----

/** A source file to compile: its name as diagnostics and rules' `file:line` give it, and its text. */
export interface Source {
  name: string;
  text: string;
}

export interface Diagnostic {
  file: string;
  /** From 1. */
  line: number;
  /** From 1, counting bytes. */
  col: number;
  severity: 'error' | 'warning';
  message: string;
}

export interface CompileOutput {
  /** Errors and warnings, sorted by file, line and column. */
  diagnostics: Diagnostic[];
  /** The diagnostics as `refrain check` prints them, with source lines and carets. */
  rendered: string;
}

/** Compiled: the bundle's bytes (the warnings, if any, in `diagnostics`). */
export interface Compiled extends CompileOutput {
  ok: true;
  bundle: Uint8Array;
}

/** Not compiled: at least one diagnostic is an error. */
export interface NotCompiled extends CompileOutput {
  ok: false;
  bundle: null;
}

export type CompileResult = Compiled | NotCompiled;

// ---- Explanations (docs/embedding.md, "Explanations") ----

/** A condition's value as an explanation shows it: its text, or the evaluation error met. */
export interface ExplainedValue {
  /** `"personal"` (strings quoted), `true`, `1000.000000 USD`, `[US, CA]`. */
  value?: string;
  error?: { code: ErrorCode; message: string };
}

/** One node of a `when` or `on`: an `and`/`or` with its two sides, or a condition. */
export interface ExplainedCondition extends ExplainedValue {
  kind: 'and' | 'or' | 'not' | 'has' | 'condition';
  text: string;
  /** The sides of the condition that are not literals, with their values. */
  operands?: Array<{ text: string } & ExplainedValue>;
  /** `and`/`or`: the left and the right side. */
  sides?: [ExplainedCondition, ExplainedCondition];
}

export interface ExplainedRule {
  party: string;
  policy: string;
  /** `file:line` */
  rule: string;
  effect: 'allow' | 'deny';
  uses: Use[];
  except: Use[];
  /** The rule behind its party's verdict in the decision. */
  decides: boolean;
  outcome: 'holds' | 'false' | 'error';
  when?: ExplainedCondition;
}

export interface ExplainedScope {
  party: string;
  policy: string;
  /** `file:line` of the policy's name. */
  at: string;
  outcome: 'false' | 'error';
  on: ExplainedCondition;
}

/** The runtime's explanation of a decision (`Engine.explain`). */
export interface Explanation {
  decision: Decision;
  /** Policies in force that speak for the work but whose `on` does not hold. */
  scopes: ExplainedScope[];
  /** Every relevant rule of the policies that speak, in bundle order. */
  rules: ExplainedRule[];
}

// ---- Signals (docs/standards.md, "Signals") ----

/** What a party's policies (or a work's rights holders together) say of a use. */
export type StanceWord = 'allowed' | 'constrained' | 'not allowed';

/** One use's stance, as `refrain signals stance` prints it. */
export interface UseStance {
  use: Use;
  stance: StanceWord;
  /** A constrained use's offers and caveats in words, one a line, as `refrain signals stance` prints them. */
  terms?: string[];
}

/** The AI opt-out signals `exportSignals` writes, one text per artefact. */
export type SignalName = 'rsl' | 'aipref' | 'robots' | 'tdmrep' | 'cawg' | 'iptc';

/**
 * Each text byte for byte what `refrain signals export` writes: `rsl` (RSL 1.0 XML, `--format rsl`),
 * `aipref` (the `Content-Usage` header line, `--format aipref`), `robots` (robots.txt lines,
 * `--format aipref --robots`), `tdmrep` (`/.well-known/tdmrep.json`), `cawg` (the C2PA
 * `cawg.training-mining` assertion, JSON), `iptc` (an XMP packet with `plus:DataMining`).
 */
export type Signals = { [name in SignalName]?: string };

export interface SignalsExported {
  ok: true;
  /** Every use of the use tree, parents before children. */
  stance: UseStance[];
  /** Every signal that could be written. */
  signals: Signals;
  /** Why a signal could not be written (TDMRep for a licensable training use needs `rslUrl`). */
  errors: { [name in SignalName]?: string };
}

export interface SignalsRefused {
  ok: false;
  /** One line, or the rendered diagnostics when the sources do not compile. */
  error: string;
}

export type SignalsResult = SignalsExported | SignalsRefused;

export interface SignalsOptions {
  /** The works, as JSON Lines text or a named source; needed for `work`. */
  catalog?: string | Source | null;
  /** Whose policies; with `work`, it must be one of the work's rights holders. */
  party?: string | null;
  /** A catalog work's id: its stance as all its rights holders decide it. */
  work?: string | null;
  /** The policies in force at this time: an RFC 3339 text or a Date (sent to the second). Default: now. */
  at?: Time;
  /** What the signals cover: RSL's content url, the robots.txt path, TDMRep's location. Default `/`. */
  url?: string;
  /** Where the RSL file is published: TDMRep's `tdm-policy` and the robots.txt `License:` line. */
  rslUrl?: string;
}

// ---- The API ----

/**
 * What `decide`, `decideJson` and `explain` take: a request object, its JSON text, or that text's
 * UTF-8 bytes. A text or bytes are read as the native runtime reads them, so a malformed one is a
 * deny with a named error.
 */
export type RequestInput = Request | string | Uint8Array;

/** The WebAssembly modules of the package, in its dist/ folder. */
export type ModuleName = 'refrain-runtime.wasm' | 'refrain-compiler.wasm';

/** A loaded, verified bundle. `using engine = await Refrain.load(bytes)` closes it at the end of the block. */
export declare class Engine implements Disposable {
  private constructor();
  /**
   * Decides a request. The object is the one `JSON.parse(decideJson(request))` gives, key for key
   * and in the same order. A malformed request is a deny with a named error, not an exception.
   */
  decide(request: RequestInput): Decision;
  /** The canonical decision JSON, byte for byte what the native runtime writes. */
  decideJson(request: RequestInput): string;
  /**
   * The decision and every relevant rule with each condition of its `when` evaluated and shown
   * with its values: the runtime's own explanation, the same as `:why` in the REPL.
   */
  explain(request: RequestInput): Explanation;
  /** The SHA-256 of the bundle's contents, 64 lowercase hex digits: log it with each decision. */
  readonly hash: string;
  /** Frees the bundle inside the module; the engine cannot decide afterwards. Closing twice is harmless. */
  close(): void;
  /** The same as `close()`. */
  [Symbol.dispose](): void;
}

export declare const Refrain: {
  /**
   * Where the two modules are served from, when not from the package's dist/ folder (as a bundler
   * copies them): a folder URL, relative to the page, holding both under their own names.
   */
  setModuleLocation(url: string | URL): void;
  /** Loads and verifies a bundle; throws an Error with the runtime's message if it is damaged. */
  load(bundle: Uint8Array | ArrayBuffer | ArrayBufferView, options?: { module?: ModuleName }): Promise<Engine>;
  /** Compiles sources (and a catalog of works as JSON Lines) with the compiler module. */
  compile(sources: Source[] | Record<string, string>, options?: { catalog?: string | Source | null }): Promise<CompileResult>;
  /**
   * A party's (or a work's) stance on each AI use, written as every AI opt-out signal with the
   * compiler module, byte for byte what `refrain signals export` writes for the same sources.
   */
  exportSignals(sources: Source[] | Record<string, string>, options: SignalsOptions): Promise<SignalsResult>;
};

export default Refrain;
