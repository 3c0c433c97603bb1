// Types of the Refrain JS package (refrain.mjs).

export interface Reason {
  party: string;
  policy?: string;
  verdict: 'allow' | 'deny' | 'silent' | 'error';
  rule?: string;
}

export interface Duty {
  party: string;
  duty: string;
  text?: string;
}

export interface Payment {
  currency: string;
  /** Exact amount with six fractional digits, e.g. "3500.000000". */
  total: string;
  payees: { party: string; amount: string }[];
  terms: { party: string; rule: string; amount: string }[];
}

export interface DecisionError {
  /** A named code such as "missing_field", "invalid_json" or "unknown_use". */
  code: string;
  message: string;
  policy?: string;
  rule?: string;
}

export interface Decision {
  decision: 'allow' | 'deny';
  use: string;
  work: string;
  reasons: Reason[];
  duties: Duty[];
  payments: Payment[];
  errors: DecisionError[];
}

/** A request: use, requester, work and context, as in the language reference. */
export type Request = Record<string, unknown>;

export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  severity: 'error' | 'warning';
  message: string;
}

export interface CompileResult {
  ok: boolean;
  /** The bundle bytes, or null when there are errors. */
  bundle: Uint8Array | null;
  diagnostics: Diagnostic[];
  /** The diagnostics as `refrain check` prints them. */
  rendered: string;
}

export interface Source {
  name: string;
  text: string;
}

/** A condition's value as an explanation shows it: its text, or the evaluation error met. */
export interface ExplainedValue {
  /** `"personal"` (strings quoted), `true`, `1000.000000 USD`, `[US, CA]`. */
  value?: string;
  error?: { code: string; message: string };
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
  uses: string[];
  except: string[];
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

export declare class Engine {
  /**
   * The decision and every relevant rule with each condition of its `when` evaluated and shown
   * with its values: the runtime's own explanation, the same as `:why` in the REPL.
   */
  explain(request: Request | string | Uint8Array): Explanation;
  /** The SHA-256 of the bundle's contents, 64 lowercase hex digits. */
  readonly hash: string;
  /**
   * Decides a request. The object is the one `JSON.parse(decideJson(request))` gives, key for key
   * and in the same order, built from the module's decision record. A malformed request is a deny
   * with a named error, not an exception.
   */
  decide(request: Request | string | Uint8Array): Decision;
  /** The canonical decision JSON, byte for byte what the native runtime writes. */
  decideJson(request: Request | string | Uint8Array): string;
  /** Frees the bundle inside the module. */
  close(): void;
}

export declare const Refrain: {
  /** Where dist/refrain-runtime.wasm and dist/refrain-compiler.wasm are served from. */
  setModuleLocation(url: string | URL): void;
  /** Loads and verifies a bundle; throws an Error with the runtime's message if it is damaged. */
  load(bundle: Uint8Array | ArrayBuffer | ArrayBufferView, options?: { module?: string }): Promise<Engine>;
  /** Compiles sources (and a catalog of works as JSON Lines) with the compiler module. */
  compile(sources: Source[] | Record<string, string>, options?: { catalog?: string | Source | null }): Promise<CompileResult>;
};

export default Refrain;
