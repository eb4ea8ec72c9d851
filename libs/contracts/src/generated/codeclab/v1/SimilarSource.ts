// Original file: protos/codeclab/v1/knowledge.proto


/**
 * A remembered source that shaped the priors.
 */
export interface SimilarSource {
  'campaignId'?: (string);
  'label'?: (string);
  /**
   * 0 to 1.
   */
  'similarity'?: (number | string);
  'points'?: (number);
  'finding'?: (string);
}

/**
 * A remembered source that shaped the priors.
 */
export interface SimilarSource__Output {
  'campaignId'?: (string);
  'label'?: (string);
  /**
   * 0 to 1.
   */
  'similarity'?: (number);
  'points'?: (number);
  'finding'?: (string);
}
