// Original file: protos/codeclab/v1/knowledge.proto


export interface PriorReference {
  'encoder'?: (string);
  'preset'?: (string);
  'crf'?: (number | string);
}

export interface PriorReference__Output {
  'encoder'?: (string);
  'preset'?: (string);
  'crf'?: (number);
}
