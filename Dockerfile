# One image for every MEGAHUB Tasks process. The first argument picks what runs:
#   docker run megahub/tasks:0.1.0 gateway     (or task-core, task-monitoring, task-persistence,
#                                               task-scheduling, worker)
#   docker run megahub/tasks:0.1.0 migrate     (every service's migrations, then exit)
# One image instead of six keeps builds, scans and rollouts in step: the apps share libs/ and
# node_modules, so six images would be six copies of the same layers.

# The only place the Node version is pinned; every stage below starts from it.
# Node 24 (LTS "Krypton", supported until April 2028): Node 20 reached its end of life in April 2026.
# 24 rather than 26: a year of LTS fixes behind it and what our dependencies test against, while 26
# only entered LTS in October 2026; one of them (content-disposition, via @fastify/static) already
# requires Node >= 22. The code keeps working on Node >= 20.19, which CI runs (README, Node versions).
FROM node:24.22.3-bookworm-slim AS base
WORKDIR /app

# All dependencies, dev included: the build needs the Nest CLI, TypeScript and SWC.
FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run build

# Production dependencies only, installed from the same lock file, so the runtime image carries
# no compiler or test tooling.
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM base AS runtime
# tini is PID 1: it forwards SIGTERM to node (which then drains for SHUTDOWN_GRACE_MS) and reaps
# zombies. Kubernetes has no `docker run --init`, so it has to be in the image.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
# Files stay owned by root and read-only to the app user, so the container also runs with a
# read-only root filesystem.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY docker/entrypoint.sh ./docker/entrypoint.sh
# Numeric uid (the image's `node` user) so Kubernetes can verify runAsNonRoot.
USER 1000:1000
# gateway; task-core, task-monitoring, task-persistence, task-scheduling, worker (health + metrics)
EXPOSE 3000 3101 3102 3103 3104 3105
ENTRYPOINT ["/usr/bin/tini", "--", "/bin/sh", "/app/docker/entrypoint.sh"]
