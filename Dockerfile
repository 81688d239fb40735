# syntax=docker/dockerfile:1
# One image for every newswire service; pick the service with the SERVICE build arg (or env):
#   docker build --build-arg SERVICE=enricher -t newswire/enricher .
# Runs `node services/$SERVICE/dist/main.js`. Also holds infra/compose-init.mjs and the CLI.

# Node 24, the active LTS line; package.json engines.node is the floor (22.22).
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Manifests first so `npm ci` is cached until a dependency changes.
COPY package.json package-lock.json ./
COPY packages/schemas/package.json packages/schemas/
COPY packages/core/package.json packages/core/
COPY packages/runtime/package.json packages/runtime/
COPY packages/archive/package.json packages/archive/
COPY packages/cli/package.json packages/cli/
COPY services/normalizer/package.json services/normalizer/
COPY services/enricher/package.json services/enricher/
COPY services/archiver/package.json services/archiver/
COPY patches patches
# Scripts stay off for the dependencies; the one we need is ours: the kafkajs fix in patches/
# (read_committed must not leak aborted records; the services refuse an unpatched kafkajs).
RUN npm ci --ignore-scripts --no-audit --no-fund && npx patch-package
COPY tsconfig.json tsconfig.base.json ./
COPY packages packages
COPY services services
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
# The services' own V8 settings (`npm run bench` runs them with this same line): a 2 MB young
# generation semi-space in the main thread (Kafka I/O, the commit path; the handlers run in
# workers with their own limits, RUNTIME_DEFAULTS.handlerPool) keeps ~50 MB of RSS per service
# that V8's default 16 MB semi-spaces hold for no CPU gain (docs/BENCHMARKS.md, pipeline).
ENV NODE_OPTIONS="--max-semi-space-size=2"
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/packages packages
COPY --from=build /app/services services
COPY infra/topics.json infra/compose-init.mjs infra/
ARG SERVICE=normalizer
ENV SERVICE=${SERVICE}
USER node
CMD ["sh", "-c", "exec node \"services/${SERVICE}/dist/main.js\""]
