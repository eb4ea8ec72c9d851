// Original file: protos/codeclab/v1/types.proto


export interface Analysis {
  'summary'?: (string);
  'rootCause'?: (string);
  'insights'?: (string)[];
  'nextStep'?: (string);
  'origin'?: (string);
  'model'?: (string);
  'latencyMs'?: (number | string);
  'fallbackReason'?: (string);
  'rawOutput'?: (string);
  'tokens'?: (number);
  '_model'?: "model";
  '_latencyMs'?: "latencyMs";
  '_fallbackReason'?: "fallbackReason";
  '_rawOutput'?: "rawOutput";
  '_tokens'?: "tokens";
}

export interface Analysis__Output {
  'summary'?: (string);
  'rootCause'?: (string);
  'insights': (string)[];
  'nextStep'?: (string);
  'origin'?: (string);
  'model'?: (string);
  'latencyMs'?: (number);
  'fallbackReason'?: (string);
  'rawOutput'?: (string);
  'tokens'?: (number);
  '_model'?: "model";
  '_latencyMs'?: "latencyMs";
  '_fallbackReason'?: "fallbackReason";
  '_rawOutput'?: "rawOutput";
  '_tokens'?: "tokens";
}
