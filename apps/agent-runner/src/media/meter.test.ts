import { describe, expect, it } from 'vitest';
import { requireVmafModel, type Meter } from './meter.ts';

const binary = { path: '/usr/bin/ffmpeg', version: '7.0.2-static', sha256: 'a'.repeat(64) };

describe('requireVmafModel', () => {
  it('refuses a model the meter did not load, naming those it did', () => {
    const meter: Meter = { binary, vmafModels: ['vmaf_v0.6.1'], vmafUnavailable: '' };
    expect(() => requireVmafModel(meter, 'vmaf_v0.6.1neg')).toThrow(
      expect.objectContaining({ kind: 'precondition', code: 'ERR_VMAF_MODEL_UNAVAILABLE', message: expect.stringContaining('(available: vmaf_v0.6.1)') }),
    );
    expect(() => requireVmafModel(meter, 'vmaf_v0.6.1')).not.toThrow();
  });

  it('lets every model through on a runner without VMAF, which measures without it and says why', () => {
    expect(() => requireVmafModel({ binary, vmafModels: [], vmafUnavailable: 'no libvmaf' }, 'vmaf_v0.6.1neg')).not.toThrow();
  });
});
