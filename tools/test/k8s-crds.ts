// CRDs have no schema in kubernetes-models; the fields of theirs that k8s/ uses are checked here.
import { z } from 'zod';

const LabelSelector = z.strictObject({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchExpressions: z.array(z.strictObject({ key: z.string().min(1), operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']), values: z.array(z.string()).optional() })).optional(),
});

/** monitoring.coreos.com/v1 ServiceMonitor (Prometheus Operator), the fields k8s/overlays/prod uses. */
export const ServiceMonitorSchema = z.strictObject({
  apiVersion: z.literal('monitoring.coreos.com/v1'),
  kind: z.literal('ServiceMonitor'),
  metadata: z.looseObject({ name: z.string().min(1), namespace: z.string().optional(), labels: z.record(z.string(), z.string()).optional() }),
  spec: z.strictObject({
    selector: LabelSelector,
    namespaceSelector: z.strictObject({ matchNames: z.array(z.string()).optional(), any: z.boolean().optional() }).optional(),
    endpoints: z
      .array(
        z.strictObject({
          port: z.string().min(1),
          path: z.string().startsWith('/').optional(),
          interval: z.string().regex(/^[0-9]+(ms|s|m|h)$/).optional(),
          scheme: z.enum(['http', 'https']).optional(),
        }),
      )
      .min(1),
  }),
});

export const CRD_SCHEMAS: Record<string, z.ZodType> = { 'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitorSchema };
