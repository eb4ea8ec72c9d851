# syntax=docker/dockerfile:1
# One image per service, from this one file; the services differ only in APP:
#   docker build --build-arg APP=orchestrator  --build-arg VERSION=0.1.0 -t <registry>/codec-lab/orchestrator:0.1.0 .
#   docker build --build-arg APP=agent-runner  ...   (adds Debian's ffmpeg and the metrics ffmpeg)
#   APP = orchestrator | llm-analyst | agent-runner | dashboard-api | dev-stores (the dev overlay's stores)
# .github/workflows/images.yml builds and pushes all of them. The orchestrator image also carries
# dist/apps/orchestrator/create-table.js, which the create-table Job runs.
# Not built here: the machine this was written on has no Docker engine; tools/test/k8s-images.test.ts
# checks what can be checked without one (the stages, tags, the final USER, --omit=dev, the apps).
ARG APP=orchestrator
ARG VERSION=0.1.0
ARG NODE_IMAGE=node:24-bookworm-slim

# Bundles APP with esbuild (tools/build-app.ts): workspace libs inlined, npm packages external.
FROM ${NODE_IMAGE} AS build
ARG APP
WORKDIR /src
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node tools/build-app.ts "${APP}" \
  && mkdir -p /out/dist/apps \
  && cp -r "dist/apps/${APP}" /out/dist/apps/ \
  && if [ -d "apps/${APP}/prompts" ]; then mkdir -p "/out/apps/${APP}" && cp -r "apps/${APP}/prompts" "/out/apps/${APP}/"; fi \
  && ln -s "dist/apps/${APP}/main.js" /out/main.js

# Production dependencies only.
FROM ${NODE_IMAGE} AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund

# The metrics ffmpeg: a static ffmpeg 7 with libvmaf and its built-in models, which agent-runner
# measures with (Debian's ffmpeg, which encodes, has no libvmaf). The pinned PyPI wheel described in
# tools/metrics-ffmpeg.json, as tools/metrics-ffmpeg.mjs installs it for `npm start`: pip in
# hash-checking mode, the binary taken out with zipfile and checked against the pinned sha256.
# BuildKit builds this stage only for APP=agent-runner.
FROM python:3.11-slim-bookworm AS metrics-ffmpeg
WORKDIR /work
COPY tools/metrics-ffmpeg.json ./
RUN python - <<'EOF'
import hashlib, json, os, shutil, subprocess, sys, zipfile
d = json.load(open("metrics-ffmpeg.json"))
with open("requirements.txt", "w") as f:
    f.write(f"{d['package']}=={d['version']} --hash=sha256:{d['wheelSha256']}\n")
subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--platform", d["platform"],
                "--require-hashes", "--no-input", "--progress-bar", "off", "--disable-pip-version-check",
                "-d", "wheel", "-r", "requirements.txt"], check=True)
with zipfile.ZipFile(os.path.join("wheel", d["wheel"])) as z, z.open(d["member"]) as src, open("ffmpeg-metrics", "wb") as dst:
    shutil.copyfileobj(src, dst, 1 << 20)
h = hashlib.sha256()
with open("ffmpeg-metrics", "rb") as f:
    for chunk in iter(lambda: f.read(1 << 20), b""):
        h.update(chunk)
if h.hexdigest() != d["binarySha256"]:
    sys.exit(f"{d['member']} in {d['wheel']} has sha256 {h.hexdigest()}, not the pinned {d['binarySha256']} (tools/metrics-ffmpeg.json)")
os.chmod("ffmpeg-metrics", 0o755)
EOF
RUN ./ffmpeg-metrics -hide_banner -version | head -1 && ./ffmpeg-metrics -hide_banner -filters | grep -q ' libvmaf '

# The runtime each APP starts from: `runtime-${APP}` below.
FROM ${NODE_IMAGE} AS runtime-node

# agent-runner encodes with Debian 12's ffmpeg 5.1 (libx264, libx265, libsvtav1, libaom, libvpx, and
# the NVENC wrappers h264_nvenc and hevc_nvenc (av1_nvenc needs ffmpeg 6 or later), which load the driver's libnvidia-encode at run time: on a
# GPU node the NVIDIA container toolkit mounts it when NVIDIA_DRIVER_CAPABILITIES includes `video`),
# and measures VMAF with the metrics ffmpeg. The runner proves at start-up with trial encodes which
# encoders really work (GetCapabilities).
# FFMPEG_DEB pins the Debian package (e.g. 7:5.1.9-0+deb12u1, what the image was last checked with);
# empty: bookworm's current 5.1 security release. The build fails unless the NVENC wrappers are there.
FROM runtime-node AS runtime-media
ARG FFMPEG_DEB=
RUN apt-get update \
  && apt-get install -y --no-install-recommends "ffmpeg${FFMPEG_DEB:+=$FFMPEG_DEB}" \
  && rm -rf /var/lib/apt/lists/* \
  && ffmpeg -hide_banner -encoders | grep -q ' h264_nvenc ' && ffmpeg -hide_banner -encoders | grep -q ' hevc_nvenc '
COPY --from=metrics-ffmpeg /work/ffmpeg-metrics /opt/codec-lab/ffmpeg-metrics
ENV METRICS_FFMPEG_PATH=/opt/codec-lab/ffmpeg-metrics

# Each APP's ports (k8s/base names the same ones).
FROM runtime-node AS runtime-orchestrator
EXPOSE 8080
FROM runtime-node AS runtime-llm-analyst
EXPOSE 50051 9101
FROM runtime-node AS runtime-dashboard-api
EXPOSE 8081
FROM runtime-node AS runtime-dev-stores
EXPOSE 8000 4569 9000
FROM runtime-media AS runtime-agent-runner
EXPOSE 50052 9102

FROM runtime-${APP}
ARG APP
ARG VERSION
ARG REVISION=unknown
LABEL org.opencontainers.image.title="codec-lab-${APP}" \
      org.opencontainers.image.description="codec-lab ${APP}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV NODE_ENV=production
WORKDIR /app
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /out/ ./
COPY protos ./protos
# uid 1000 (node:24's `node` user), as the pods' runAsUser.
USER node
CMD ["node", "--enable-source-maps", "/app/main.js"]
