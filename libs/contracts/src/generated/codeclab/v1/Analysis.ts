// Original file: protos/codeclab/v1/types.proto


export interface Analysis {
  'summary'?: (string);
  'rootCause'?: (string);
  'insights'?: (string)[];
  'nextStep'?: (string);
  'origin'?: (string);
  'model'?: (string);
  'latencyMs'?: (number | string);
  '_model'?: "model";
  '_latencyMs'?: "latencyMs";
}

export interface Analysis__Output {
  'summary'?: (string);
  'rootCause'?: (string);
  'insights': (string)[];
  'nextStep'?: (string);
  'origin'?: (string);
  'model'?: (string);
  'latencyMs'?: (number);
  '_model'?: "model";
  '_latencyMs'?: "latencyMs";
}
