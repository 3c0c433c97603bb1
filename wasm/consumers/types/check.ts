// The package's types, used as an application would, under `strict`: tsc must accept every line
// here, and refuse each line marked @ts-expect-error (an unused marker is itself an error).
import { Engine, Refrain } from '@refrain/engine';
import type {
  CompileResult, Decision, DecisionError, Diagnostic, Duty, ErrorCode, Explanation, Payment, Reason, Request, SignalName,
  SignalsResult, Source, Use, UseStance,
} from '@refrain/engine';

const request: Request = {
  use: 'ai.train.generative',
  requester: { id: 'acme-ai', kind: 'company', verified: true },
  work: {
    id: 'USNW12500001', title: 'Low Tide', release_date: '2025-03-14', tags: ['instrumental'],
    rightsholders: [{ party: 'luna-ray', role: 'artist' }, { party: 'ana', role: 'writer', share: '30%' }],
  },
  context: {
    time: new Date(), purpose: 'commercial', territory: 'US', units: 120000, revenue: '50000.00 USD',
    model: { name: 'm1', open_weights: true }, output: { labelled_ai: true },
    loyalty_tier: 'gold', deal: { tier: 3 },  // custom fields (§7.6)
  },
};

export async function summary(bundle: Uint8Array): Promise<string[]> {
  using engine: Engine = await Refrain.load(bundle);
  const decision: Decision = engine.decide(request);
  const allowed: boolean = decision.decision === 'allow';
  const verdicts: string[] = decision.reasons.map((r: Reason) => `${r.party} ${r.verdict} ${r.rule ?? '-'}`);
  const duties: string[] = decision.duties.map((d: Duty) => d.text ?? d.duty);
  const paid: string[] = decision.payments.flatMap((p: Payment) => p.payees.map((payee) => `${payee.party} ${payee.amount} ${p.currency}`));
  const codes: ErrorCode[] = decision.errors.map((e: DecisionError) => e.code);
  const why: Explanation = engine.explain(JSON.stringify(request));
  const uses: Use[] = why.rules.flatMap((rule) => rule.uses);
  const text: string = engine.decideJson(new TextEncoder().encode(JSON.stringify(request)));
  return [String(allowed), ...verdicts, ...duties, ...paid, ...codes, ...uses, text, engine.hash];
}

export async function diagnose(source: string): Promise<Diagnostic[]> {
  const result: CompileResult = await Refrain.compile({ 'a.refrain': source }, { catalog: '' });
  if (result.ok) {
    const bundle: Uint8Array = result.bundle;
    await summary(bundle);
    return result.diagnostics;
  }
  const none: null = result.bundle;
  return none ?? result.diagnostics.filter((d) => d.severity === 'error' && d.line >= 1);
}

export async function publish(sources: Source[], catalog: string): Promise<string[]> {
  const result: SignalsResult = await Refrain.exportSignals(sources, {
    catalog, party: 'luna-ray', work: 'USNW12400013', at: new Date(), rslUrl: 'https://luna-ray.example/rsl.xml',
  });
  if (!result.ok) return [result.error];
  const constrained: Use[] = result.stance.filter((s: UseStance) => s.stance === 'constrained').map((s) => s.use);
  const terms: string[] = result.stance.flatMap((s) => s.terms ?? []);
  const rsl: string = result.signals.rsl ?? result.errors.rsl ?? '';
  return [rsl, ...constrained, ...terms];
}

// What the language refuses, the types refuse.
// @ts-expect-error: `ai.x` is not a use of the use tree
export const unknownUse: Request = { ...request, use: 'ai.x' };
// @ts-expect-error: a requester has exactly the fields of §7.1
export const unknownField: Request = { ...request, requester: { name: 'acme' } };
// @ts-expect-error: every request has a `context.time`
export const noTime: Request = { ...request, context: { territory: 'US' } };
// @ts-expect-error: money is an amount and a currency, "5000.00 USD"
export const numberMoney: Request = { ...request, context: { time: '2026-05-01', revenue: 5000 } };
// @ts-expect-error: `singer` is not a role
export const unknownRole: Request = { ...request, work: { id: 'W', rightsholders: [{ party: 'p', role: 'singer' }] } };
// @ts-expect-error: a verdict is allow, deny, silent or error
export const maybe: Reason['verdict'] = 'maybe';
// @ts-expect-error: a failed compile has no bundle
export const bundleOf = (r: CompileResult): Uint8Array => (r.ok ? r.bundle : r.bundle);
// @ts-expect-error: a signal is one of the six the export writes
export const unknownSignal: SignalName = 'c2pa';
// @ts-expect-error: a refused export has no signals
export const signalsOf = (r: SignalsResult) => (r.ok ? r.signals : r.signals);
// @ts-expect-error: engines come from Refrain.load
export const made = new Engine();
