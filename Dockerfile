# License Migration Bot: `docker build -t license-migration-bot .` (README.md, "Deploy to your tenant", Docker).
# The bot runs its TypeScript through tsx (a runtime dependency), like `npm run bot`; there is no compile step.

# Build stage: every dependency, then the type check as a gate (tsc --noEmit covers src, test, bench, scripts).
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run typecheck

# Runtime stage: production dependencies only (tsx included), the sources, a non-root user.
FROM node:20-slim AS runtime
ENV NODE_ENV=production
# Listen on every interface of the container; STORAGE defaults to a volume the non-root user owns
# (use blob:<connection string>|<container> to share state between instances).
ENV HOST=0.0.0.0
ENV PORT=3978
ENV STORAGE=file:/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/tsconfig.json ./
COPY --from=build /app/src ./src
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 3978
# node:20-slim has no curl: probe /healthz with Node's fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# What `npm run bot` (tsx src/index.ts) runs, as PID 1 without npm in between so SIGTERM reaches the bot
# (it hands its lease back on SIGTERM).
CMD ["node", "--import", "tsx", "src/index.ts"]
