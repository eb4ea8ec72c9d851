/** Default ports of every service, in one place; the README's table is taken from here. */
export const DEFAULT_PORTS = {
  orchestratorHttp: 8080,
  dashboardApiHttp: 8081,
  llmAnalystGrpc: 50051,
  llmAnalystHttp: 9101,
  agentRunnerGrpc: 50052,
  agentRunnerHttp: 9102,
  dynamodb: 8000,
} as const;

export const DEFAULT_TABLE_NAME = 'codeclab';
export const DEFAULT_REGION = 'local';
