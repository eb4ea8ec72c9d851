export { labKnowledge, LEARN_FROM, MIN_SIMILARITY } from './knowledge.ts';
export { learnPriors, updateEstimate, type WeightedMemory } from './learn.ts';
export { sourceMemory } from './record.ts';
export { observeSource, type TrackObservation } from './observations.ts';
export { bitrateCorrectionText, campaignProbeCorrection, DEFAULT_PROBE_CORRECTION, fullBitrateSigma, learnProbeCorrection, plannerView, predictedFull, probePairs } from './probe-correction.ts';
export { cellKey, featureDistance, featureVector, memoryCell, nearbyCells, similarity, type MemoryCell } from './similarity.ts';
