// PROVISIONAL placeholder until bench/fit-priors.ts has run on the priors clips.
import type { PlannerPriors } from './prior-types.ts';

export const GENERATED_PRIORS: PlannerPriors = {
  "reference": {
    "encoder": "libx264",
    "preset": "medium",
    "crf": 28
  },
  "clips": [],
  "provenance": "PROVISIONAL: converted from the encoder registry priors until bench/fit-priors.ts has run",
  "tracks": [
    {
      "encoder": "libx264",
      "preset": "medium",
      "equivalentCrf": {
        "mean": 28,
        "sd": 0
      },
      "rateSlope": {
        "mean": -0.13862943611198905,
        "sd": 0.01
      },
      "gain": {
        "psnr": {
          "mean": 0,
          "sd": 0
        },
        "ssim": {
          "mean": 0,
          "sd": 0.002
        },
        "vmaf": {
          "mean": 0,
          "sd": 1
        }
      },
      "qualitySlope": {
        "psnr": {
          "mean": 3.5,
          "sd": 0.7
        },
        "ssim": {
          "mean": 0.01,
          "sd": 0.004
        },
        "vmaf": {
          "mean": 8,
          "sd": 2
        }
      },
      "logCost": {
        "mean": 0,
        "sd": 0
      }
    },
    {
      "encoder": "libx264",
      "preset": "slow",
      "equivalentCrf": {
        "mean": 28,
        "sd": 1.5
      },
      "rateSlope": {
        "mean": -0.13862943611198905,
        "sd": 0.01
      },
      "gain": {
        "psnr": {
          "mean": 0.15,
          "sd": 0.4
        },
        "ssim": {
          "mean": 0.00045,
          "sd": 0.002
        },
        "vmaf": {
          "mean": 0.3,
          "sd": 1
        }
      },
      "qualitySlope": {
        "psnr": {
          "mean": 3.5,
          "sd": 0.7
        },
        "ssim": {
          "mean": 0.01,
          "sd": 0.004
        },
        "vmaf": {
          "mean": 8,
          "sd": 2
        }
      },
      "logCost": {
        "mean": 0.4,
        "sd": 0.3
      }
    },
    {
      "encoder": "libx265",
      "preset": "medium",
      "equivalentCrf": {
        "mean": 26,
        "sd": 1.5
      },
      "rateSlope": {
        "mean": -0.15403270679109896,
        "sd": 0.01
      },
      "gain": {
        "psnr": {
          "mean": 0.7,
          "sd": 0.4
        },
        "ssim": {
          "mean": 0.0021,
          "sd": 0.002
        },
        "vmaf": {
          "mean": 1.4,
          "sd": 1
        }
      },
      "qualitySlope": {
        "psnr": {
          "mean": 3.5,
          "sd": 0.7
        },
        "ssim": {
          "mean": 0.01,
          "sd": 0.004
        },
        "vmaf": {
          "mean": 8,
          "sd": 2
        }
      },
      "logCost": {
        "mean": 0.9,
        "sd": 0.3
      }
    },
    {
      "encoder": "libx265",
      "preset": "slow",
      "equivalentCrf": {
        "mean": 26,
        "sd": 1.5
      },
      "rateSlope": {
        "mean": -0.15403270679109896,
        "sd": 0.01
      },
      "gain": {
        "psnr": {
          "mean": 0.85,
          "sd": 0.4
        },
        "ssim": {
          "mean": 0.00255,
          "sd": 0.002
        },
        "vmaf": {
          "mean": 1.7,
          "sd": 1
        }
      },
      "qualitySlope": {
        "psnr": {
          "mean": 3.5,
          "sd": 0.7
        },
        "ssim": {
          "mean": 0.01,
          "sd": 0.004
        },
        "vmaf": {
          "mean": 8,
          "sd": 2
        }
      },
      "logCost": {
        "mean": 1.6,
        "sd": 0.3
      }
    },
    {
      "encoder": "libsvtav1",
      "preset": "10",
      "equivalentCrf": {
        "mean": 33.8,
        "sd": 1.5
      },
      "rateSlope": {
        "mean": -0.07296286111157319,
        "sd": 0.01
      },
      "gain": {
        "psnr": {
          "mean": 1.1,
          "sd": 0.4
        },
        "ssim": {
          "mean": 0.0033000000000000004,
          "sd": 0.002
        },
        "vmaf": {
          "mean": 2.2,
          "sd": 1
        }
      },
      "qualitySlope": {
        "psnr": {
          "mean": 3.5,
          "sd": 0.7
        },
        "ssim": {
          "mean": 0.01,
          "sd": 0.004
        },
        "vmaf": {
          "mean": 8,
          "sd": 2
        }
      },
      "logCost": {
        "mean": -0.5,
        "sd": 0.3
      }
    },
    {
      "encoder": "libsvtav1",
      "preset": "8",
      "equivalentCrf": {
        "mean": 33.8,
        "sd": 1.5
      },
      "rateSlope": {
        "mean": -0.07296286111157319,
        "sd": 0.01
      },
      "gain": {
        "psnr": {
          "mean": 1.25,
          "sd": 0.4
        },
        "ssim": {
          "mean": 0.00375,
          "sd": 0.002
        },
        "vmaf": {
          "mean": 2.5,
          "sd": 1
        }
      },
      "qualitySlope": {
        "psnr": {
          "mean": 3.5,
          "sd": 0.7
        },
        "ssim": {
          "mean": 0.01,
          "sd": 0.004
        },
        "vmaf": {
          "mean": 8,
          "sd": 2
        }
      },
      "logCost": {
        "mean": 0.2,
        "sd": 0.3
      }
    },
    {
      "encoder": "libsvtav1",
      "preset": "6",
      "equivalentCrf": {
        "mean": 33.8,
        "sd": 1.5
      },
      "rateSlope": {
        "mean": -0.07296286111157319,
        "sd": 0.01
      },
      "gain": {
        "psnr": {
          "mean": 1.4000000000000001,
          "sd": 0.4
        },
        "ssim": {
          "mean": 0.004200000000000001,
          "sd": 0.002
        },
        "vmaf": {
          "mean": 2.8000000000000003,
          "sd": 1
        }
      },
      "qualitySlope": {
        "psnr": {
          "mean": 3.5,
          "sd": 0.7
        },
        "ssim": {
          "mean": 0.01,
          "sd": 0.004
        },
        "vmaf": {
          "mean": 8,
          "sd": 2
        }
      },
      "logCost": {
        "mean": 0.9,
        "sd": 0.3
      }
    },
    {
      "encoder": "libsvtav1",
      "preset": "4",
      "equivalentCrf": {
        "mean": 33.8,
        "sd": 1.5
      },
      "rateSlope": {
        "mean": -0.07296286111157319,
        "sd": 0.01
      },
      "gain": {
        "psnr": {
          "mean": 1.55,
          "sd": 0.4
        },
        "ssim": {
          "mean": 0.0046500000000000005,
          "sd": 0.002
        },
        "vmaf": {
          "mean": 3.1,
          "sd": 1
        }
      },
      "qualitySlope": {
        "psnr": {
          "mean": 3.5,
          "sd": 0.7
        },
        "ssim": {
          "mean": 0.01,
          "sd": 0.004
        },
        "vmaf": {
          "mean": 8,
          "sd": 2
        }
      },
      "logCost": {
        "mean": 1.8,
        "sd": 0.3
      }
    },
    {
      "encoder": "libaom-av1",
      "preset": "6",
      "equivalentCrf": {
        "mean": 35,
        "sd": 1.5
      },
      "rateSlope": {
        "mean": -0.06931471805599453,
        "sd": 0.01
      },
      "gain": {
        "psnr": {
          "mean": 1.2,
          "sd": 0.4
        },
        "ssim": {
          "mean": 0.0036,
          "sd": 0.002
        },
        "vmaf": {
          "mean": 2.4,
          "sd": 1
        }
      },
      "qualitySlope": {
        "psnr": {
          "mean": 3.5,
          "sd": 0.7
        },
        "ssim": {
          "mean": 0.01,
          "sd": 0.004
        },
        "vmaf": {
          "mean": 8,
          "sd": 2
        }
      },
      "logCost": {
        "mean": 1.6,
        "sd": 0.3
      }
    },
    {
      "encoder": "libaom-av1",
      "preset": "4",
      "equivalentCrf": {
        "mean": 35,
        "sd": 1.5
      },
      "rateSlope": {
        "mean": -0.06931471805599453,
        "sd": 0.01
      },
      "gain": {
        "psnr": {
          "mean": 1.3499999999999999,
          "sd": 0.4
        },
        "ssim": {
          "mean": 0.00405,
          "sd": 0.002
        },
        "vmaf": {
          "mean": 2.6999999999999997,
          "sd": 1
        }
      },
      "qualitySlope": {
        "psnr": {
          "mean": 3.5,
          "sd": 0.7
        },
        "ssim": {
          "mean": 0.01,
          "sd": 0.004
        },
        "vmaf": {
          "mean": 8,
          "sd": 2
        }
      },
      "logCost": {
        "mean": 2.4,
        "sd": 0.3
      }
    },
    {
      "encoder": "libvpx-vp9",
      "preset": "4",
      "equivalentCrf": {
        "mean": 37,
        "sd": 1.5
      },
      "rateSlope": {
        "mean": -0.0912035763894665,
        "sd": 0.01
      },
      "gain": {
        "psnr": {
          "mean": 0.6,
          "sd": 0.4
        },
        "ssim": {
          "mean": 0.0018,
          "sd": 0.002
        },
        "vmaf": {
          "mean": 1.2,
          "sd": 1
        }
      },
      "qualitySlope": {
        "psnr": {
          "mean": 3.5,
          "sd": 0.7
        },
        "ssim": {
          "mean": 0.01,
          "sd": 0.004
        },
        "vmaf": {
          "mean": 8,
          "sd": 2
        }
      },
      "logCost": {
        "mean": 0.7,
        "sd": 0.3
      }
    },
    {
      "encoder": "libvpx-vp9",
      "preset": "2",
      "equivalentCrf": {
        "mean": 37,
        "sd": 1.5
      },
      "rateSlope": {
        "mean": -0.0912035763894665,
        "sd": 0.01
      },
      "gain": {
        "psnr": {
          "mean": 0.75,
          "sd": 0.4
        },
        "ssim": {
          "mean": 0.0022500000000000003,
          "sd": 0.002
        },
        "vmaf": {
          "mean": 1.5,
          "sd": 1
        }
      },
      "qualitySlope": {
        "psnr": {
          "mean": 3.5,
          "sd": 0.7
        },
        "ssim": {
          "mean": 0.01,
          "sd": 0.004
        },
        "vmaf": {
          "mean": 8,
          "sd": 2
        }
      },
      "logCost": {
        "mean": 1.5,
        "sd": 0.3
      }
    }
  ]
};
