export * from './scene.schema.ts';
export { allocFrame, framePsnr, framesOfRaw, psnrOf, rawFrameBytes, squaredErrors, type Frame, type Psnr } from './frame.ts';
export { colorAt, trackAt } from './tracks.ts';
export { renderFrame, renderSize, type RenderOptions } from './render.ts';
export { ARTIFACT_CODECS, decodeScene, encodeScene, packArtifact, quantizeScene, SceneFormatError, unpackArtifact, type ArtifactCodec, type ParameterArtifact, type Quantization } from './format.ts';
export { writeSceneY4m, y4mHeader } from './y4m.ts';
export { PROCEDURAL_SCENES, type SceneSize } from './catalog.ts';
export { glyphBit, GLYPH_ADVANCE, GLYPH_COLUMNS, GLYPH_ROWS } from './font.ts';
export { fitScene, type FitOptions, type FitResult } from './fit/index.ts';
