// What tests share: the prerequisites they skip without (and say why), and the run summary.
export * from './prerequisites.ts';
export * from './summary.ts';
