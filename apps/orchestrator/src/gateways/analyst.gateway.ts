import type { LlmAnalystClient, WireAnalysisOutput, WireProposeResponseOutput } from '@codec-lab/contracts';
import type { Analysis, CampaignContext, Proposal } from '@codec-lab/domain';
import type { GrpcMetrics } from '@codec-lab/observability';
import { analysisFromWire, callUnary, contextToWire, proposalFromWire } from '@codec-lab/rpc';

const SERVICE = 'codeclab.v1.LlmAnalyst';

export type ProposeAnswer = { kind: 'proposal'; proposal: Proposal } | { kind: 'stop'; reason: string };

/** The orchestrator's one way to llm-analyst, with deadlines; answers are parsed with the domain schemas. */
export class AnalystGateway {
  constructor(
    private readonly client: LlmAnalystClient,
    private readonly metrics: GrpcMetrics,
    private readonly deadlineMs: number,
  ) {}

  async propose(context: CampaignContext, rejected: readonly { configHash: string; reason: string }[]): Promise<ProposeAnswer> {
    const wire = await callUnary<object, WireProposeResponseOutput>({
      client: this.client,
      service: SERVICE,
      method: 'Propose',
      fn: this.client.Propose,
      request: { context: contextToWire(context), rejected },
      deadlineMs: this.deadlineMs,
      metrics: this.metrics,
    });
    if (wire.outcome === 'stop') return { kind: 'stop', reason: wire.stop ?? 'no reason given' };
    return { kind: 'proposal', proposal: proposalFromWire(wire.proposal) };
  }

  async analyze(context: CampaignContext, seq: number): Promise<Analysis> {
    const wire = await callUnary<object, WireAnalysisOutput>({
      client: this.client,
      service: SERVICE,
      method: 'Analyze',
      fn: this.client.Analyze,
      request: { context: contextToWire(context), seq },
      deadlineMs: this.deadlineMs,
      metrics: this.metrics,
    });
    return analysisFromWire(wire);
  }
}
