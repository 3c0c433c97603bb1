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

export declare class Engine {
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
